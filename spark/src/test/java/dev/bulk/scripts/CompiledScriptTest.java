package dev.bulk.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledScriptTest {
    @TempDir
    Path dir;

    private CompiledScript compile(String className, String source) {
        return ScriptCompiler.compile(ScriptFiles.write(dir, className + ".java", source));
    }

    private CompiledScript simpleGenerator() {
        return compile("Simple", """
                public class Simple implements dev.bulk.scripts.ItemGenerator {
                    public Object generate() {
                        return java.util.Map.of("pk", "simple");
                    }
                }
                """);
    }

    @Test
    void survivesJavaSerializationAndStillInstantiates() {
        CompiledScript original = simpleGenerator();

        CompiledScript shipped = ScriptFiles.roundTrip(original);

        assertThat(shipped).isNotSameAs(original).isEqualTo(original);
        assertThat(shipped.contentHash()).isEqualTo(original.contentHash());
        assertThat(shipped.newInstance(ItemGenerator.class).generate()).isEqualTo(Map.of("pk", "simple"));
    }

    @Test
    void copiesOfOneScriptShareOneDefinitionOfItsClassesPerJvm() {
        CompiledScript original = simpleGenerator();
        CompiledScript shipped = ScriptFiles.roundTrip(original);

        ItemGenerator first = original.newInstance(ItemGenerator.class);
        ItemGenerator second = shipped.newInstance(ItemGenerator.class);

        assertThat(second).isNotSameAs(first);
        assertThat(second.getClass()).isSameAs(first.getClass());
        assertThat(first.getClass().getClassLoader().getName()).isEqualTo("bulk-script");
    }

    @Test
    void classNotImplementingTheRequestedTypeGivesAClearMessage() {
        CompiledScript script = compile("NotAGenerator", """
                public class NotAGenerator {
                    public Object generate() {
                        return null;
                    }
                }
                """);

        assertThatThrownBy(() -> script.newInstance(ItemGenerator.class))
                .isInstanceOf(ScriptException.class)
                .hasMessage("class NotAGenerator does not implement dev.bulk.scripts.ItemGenerator; declare it as: "
                        + "public class NotAGenerator implements dev.bulk.scripts.ItemGenerator");
    }

    @Test
    void classWithoutNoArgumentConstructorIsRejected() {
        CompiledScript script = compile("NeedsArgs", """
                public class NeedsArgs implements dev.bulk.scripts.ItemGenerator {
                    public NeedsArgs(int size) {
                    }

                    public Object generate() {
                        return null;
                    }
                }
                """);

        assertThatThrownBy(() -> script.newInstance(ItemGenerator.class))
                .isInstanceOf(ScriptException.class)
                .hasMessage("class NeedsArgs needs a public constructor without parameters");
    }

    @Test
    void constructorFailureKeepsTheScriptsExceptionAsCause() {
        CompiledScript script = compile("Fails", """
                public class Fails implements dev.bulk.scripts.ItemGenerator {
                    public Fails() {
                        throw new IllegalStateException("no config");
                    }

                    public Object generate() {
                        return null;
                    }
                }
                """);

        assertThatThrownBy(() -> script.newInstance(ItemGenerator.class))
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("creating Fails failed: java.lang.IllegalStateException: no config")
                .hasRootCauseMessage("no config");
    }

    @Test
    void scriptClassNamedLikeABuiltInIsTheUsersOwnClass() {
        CompiledScript script = compile("DefaultGenerator", """
                package dev.bulk.scripts;

                public class DefaultGenerator implements ItemGenerator {
                    public Object generate() {
                        return java.util.Map.of("pk", "user-version");
                    }
                }
                """);

        ItemGenerator generator = script.newInstance(ItemGenerator.class);

        assertThat(generator.getClass()).isNotSameAs(DefaultGenerator.class);
        assertThat(generator.generate()).isEqualTo(Map.of("pk", "user-version"));
    }

    @Test
    void requiresTheMainClassAmongItsClassFiles() {
        assertThatThrownBy(() -> new CompiledScript("Main", Map.of("Other", new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Main");
    }

    @Test
    void classFilesCannotBeChangedThroughItsAccessor() {
        CompiledScript script = simpleGenerator();
        String hash = script.contentHash();

        script.classes().get("Simple")[0] = 0;

        assertThat(script.classes().get("Simple")[0]).isEqualTo((byte) 0xCA);
        assertThat(script.contentHash()).isEqualTo(hash);
    }
}

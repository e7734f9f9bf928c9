package dev.bulk.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCompilerTest {
    @TempDir
    Path dir;

    @Test
    void userScriptCompilesWithItsNestedAndAnonymousClassesAndItsInstanceGenerates() {
        Path file = ScriptFiles.write(dir, "Orders.java", """
                import dev.bulk.scripts.ItemGenerator;
                import java.util.Map;
                import java.util.function.Supplier;
                import net.datafaker.Faker;

                public class Orders implements ItemGenerator {
                    private final Faker faker = new Faker();
                    private final Supplier<String> status = new Supplier<>() {
                        @Override
                        public String get() {
                            return "NEW";
                        }
                    };

                    @Override
                    public Object generate() {
                        Counter counter = new Counter();
                        return Map.of("pk", "ORDER#" + counter.next(), "status", status.get(), "city", faker.address().city());
                    }

                    static final class Counter {
                        int next() {
                            return 7;
                        }
                    }
                }
                """);

        CompiledScript script = ScriptCompiler.compile(file);

        assertThat(script.mainClassName()).isEqualTo("Orders");
        assertThat(script.classes()).containsOnlyKeys("Orders", "Orders$1", "Orders$Counter");
        Map<?, ?> item = (Map<?, ?>) script.newInstance(ItemGenerator.class).generate();
        assertThat(item.get("pk")).isEqualTo("ORDER#7");
        assertThat(item.get("status")).isEqualTo("NEW");
        assertThat((String) item.get("city")).isNotBlank();
    }

    @Test
    void scriptInAPackageIsInstantiatedByItsQualifiedName() {
        Path file = ScriptFiles.write(dir, "Packaged.java", """
                package com.example.gen;

                public class Packaged implements dev.bulk.scripts.ItemGenerator {
                    public Object generate() {
                        return java.util.Map.of("pk", "p");
                    }
                }
                """);

        CompiledScript script = ScriptCompiler.compile(file);

        assertThat(script.mainClassName()).isEqualTo("com.example.gen.Packaged");
        assertThat(script.newInstance(ItemGenerator.class).generate()).isEqualTo(Map.of("pk", "p"));
    }

    @Test
    void syntaxErrorGivesScriptExceptionNamingFileAndLine() {
        Path file = ScriptFiles.write(dir, "Broken.java", """
                public class Broken implements dev.bulk.scripts.ItemGenerator {
                    public Object generate() {
                        int x = 1
                        return null;
                    }
                }
                """);

        assertThatThrownBy(() -> ScriptCompiler.compile(file))
                .isInstanceOf(ScriptException.class)
                .hasMessage("Broken.java:3: ';' expected");
    }

    @Test
    void compileErrorsAreOneLineEachAndCappedAtFive() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            body.append("        undefined").append(i).append("();\n");
        }
        Path file = ScriptFiles.write(dir, "Many.java", "public class Many {\n    void run() {\n" + body + "    }\n}\n");

        assertThatThrownBy(() -> ScriptCompiler.compile(file))
                .isInstanceOf(ScriptException.class)
                .satisfies(e -> {
                    List<String> lines = e.getMessage().lines().toList();
                    assertThat(lines).hasSize(6);
                    assertThat(lines.get(0)).startsWith("Many.java:3: cannot find symbol; symbol: method undefined0()");
                    assertThat(lines.subList(0, 5)).allSatisfy(line -> assertThat(line).matches("Many\\.java:\\d+: .+"));
                    assertThat(lines.get(5)).isEqualTo("(2 more errors)");
                });
    }

    @Test
    void fileWithoutAPublicClassNamedLikeItIsRejected() {
        Path file = ScriptFiles.write(dir, "Helper.java", """
                class Helper implements dev.bulk.scripts.ItemGenerator {
                    public Object generate() {
                        return null;
                    }
                }
                """);

        assertThatThrownBy(() -> ScriptCompiler.compile(file))
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("Helper.java: no public top-level class named Helper");
    }

    @Test
    void missingFileIsReportedByPath() {
        Path missing = dir.resolve("Nope.java");

        assertThatThrownBy(() -> ScriptCompiler.compile(missing))
                .isInstanceOf(ScriptException.class)
                .hasMessage("file not found: " + missing);
    }
}

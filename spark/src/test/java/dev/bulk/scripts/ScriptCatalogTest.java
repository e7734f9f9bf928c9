package dev.bulk.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCatalogTest {
    private static final String MINE = """
            public class %s implements dev.bulk.scripts.ItemGenerator {
                public Object generate() {
                    return java.util.Map.of("pk", "mine");
                }
            }
            """;

    @TempDir
    Path root;

    @Test
    void builtInsAreListedInHelpOrder() {
        assertThat(ScriptCatalog.builtInNames(ScriptKind.FILL))
                .containsExactly("default", "nosk", "users", "multi_entity_relationship");
        assertThat(ScriptCatalog.builtInNames(ScriptKind.UPDATE)).containsExactly("touched");
    }

    @Test
    void builtInNameResolvesToTheBuiltInClass() {
        ScriptRef ref = ScriptCatalog.resolve(ScriptKind.FILL, "users", root);

        assertThat(ref).isEqualTo(new ScriptRef.BuiltIn("users", UsersGenerator.class.getName()));
        assertThat(ref.displayName()).isEqualTo("users");
        assertThat(ref.newInstance(ItemGenerator.class)).isInstanceOf(UsersGenerator.class);
    }

    @Test
    void userScriptInTheKindsFolderOverridesTheBuiltInOfTheSameName() {
        Path file = ScriptFiles.write(root.resolve("fill"), "users.java", MINE.formatted("users"));

        ScriptRef ref = ScriptCatalog.resolve(ScriptKind.FILL, "users", root);

        assertThat(ref).isInstanceOf(ScriptRef.Compiled.class);
        assertThat(ref.displayName()).isEqualTo(file.toString());
        assertThat(ref.newInstance(ItemGenerator.class).generate()).isEqualTo(Map.of("pk", "mine"));
    }

    @Test
    void javaFileValueIsCompiledWhereverItIs() {
        Path file = ScriptFiles.write(root.resolve("elsewhere"), "Custom.java", MINE.formatted("Custom"));

        ScriptRef ref = ScriptCatalog.resolve(ScriptKind.FILL, file.toString(), null);

        assertThat(ref.newInstance(ItemGenerator.class).generate()).isEqualTo(Map.of("pk", "mine"));
    }

    @Test
    void missingScriptPathIsFileNotFound() {
        Path missing = root.resolve("nope").resolve("Gone.java");

        assertThatThrownBy(() -> ScriptCatalog.resolve(ScriptKind.FILL, missing.toString(), root))
                .isInstanceOf(ScriptException.class)
                .hasMessage("file not found: " + missing);
    }

    @Test
    void unknownNameMessageListsBuiltInsAndTheFileLookedFor() {
        assertThatThrownBy(() -> ScriptCatalog.resolve(ScriptKind.FILL, "x", Paths.get("scripts")))
                .isInstanceOf(ScriptException.class)
                .hasMessage("generator 'x' not found: no built-in of that name (built-ins: default, nosk, users, "
                        + "multi_entity_relationship) and no file scripts/fill/x.java");
    }

    @Test
    void unknownUpdaterListsTouchedAndTheFileLookedFor() {
        assertThatThrownBy(() -> ScriptCatalog.resolve(ScriptKind.UPDATE, "x", Paths.get("scripts")))
                .isInstanceOf(ScriptException.class)
                .hasMessage("generator 'x' not found: no built-in of that name (built-ins: touched) and no file "
                        + "scripts/update/x.java");
    }

    @Test
    void blankNameIsRejected() {
        assertThatThrownBy(() -> ScriptCatalog.resolve(ScriptKind.FILL, " ", root))
                .isInstanceOf(ScriptException.class)
                .hasMessage("generator name is empty");
    }

    @Test
    void fillScriptNotImplementingItemGeneratorFailsAtResolve() {
        ScriptFiles.write(root.resolve("fill"), "Plain.java", "public class Plain {\n}\n");

        assertThatThrownBy(() -> ScriptCatalog.resolve(ScriptKind.FILL, "Plain", root))
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("class Plain does not implement dev.bulk.scripts.ItemGenerator");
    }

    @Test
    void resolvedRefsStillInstantiateAfterSerialization() {
        ScriptFiles.write(root.resolve("fill"), "Shipped.java", MINE.formatted("Shipped"));
        ScriptRef compiled = ScriptFiles.roundTrip(ScriptCatalog.resolve(ScriptKind.FILL, "Shipped", root));
        ScriptRef builtIn = ScriptFiles.roundTrip(ScriptCatalog.resolve(ScriptKind.FILL, "nosk", root));

        assertThat(compiled.newInstance(ItemGenerator.class).generate()).isEqualTo(Map.of("pk", "mine"));
        assertThat(builtIn.newInstance(ItemGenerator.class)).isInstanceOf(NoSortKeyGenerator.class);
    }
}

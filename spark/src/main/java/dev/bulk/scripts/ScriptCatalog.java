package dev.bulk.scripts;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what the user typed (a name or a .java path) into a {@link ScriptRef}. A user script
 * {@code <scriptsRoot>/<kind folder>/<name>.java} wins over a built-in of the same name, so a
 * built-in can be customized by copying it.
 */
public final class ScriptCatalog {
    private static final Map<ScriptKind, Map<String, String>> BUILT_INS = builtIns();
    private static final String PYTHON_SUFFIX = ".py";
    /** The Bulk Executor's README fills with "fakeusers", a generator it never shipped; its users mean "users". */
    private static final Map<String, String> FILL_ALIASES = Map.of("fakeusers", "users");

    private ScriptCatalog() {
    }

    private static Map<ScriptKind, Map<String, String>> builtIns() {
        Map<String, String> fill = new LinkedHashMap<>();
        fill.put("default", DefaultGenerator.class.getName());
        fill.put("nosk", NoSortKeyGenerator.class.getName());
        fill.put("users", UsersGenerator.class.getName());
        fill.put("multi_entity_relationship", MultiEntityRelationshipGenerator.class.getName());
        Map<ScriptKind, Map<String, String>> all = new EnumMap<>(ScriptKind.class);
        all.put(ScriptKind.FILL, fill);
        all.put(ScriptKind.UPDATE, Map.of("touched", TouchedUpdater.class.getName()));
        // The Bulk Executor's transforms under its names (default first, as its users know it).
        Map<String, String> transform = new LinkedHashMap<>();
        transform.put("default", ReferenceTransforms.PassThrough.class.getName());
        transform.put("load_only_active", ReferenceTransforms.LoadOnlyActive.class.getName());
        transform.put("pii_mask_attribute", ReferenceTransforms.PiiMaskAttribute.class.getName());
        transform.put("pii_remove_attribute", ReferenceTransforms.PiiRemoveAttribute.class.getName());
        transform.put("pkmd5_add_attribute", ReferenceTransforms.PkMd5AddAttribute.class.getName());
        all.put(ScriptKind.TRANSFORM, transform);
        return all;
    }

    /** Built-in names of a kind, in the order help texts list them. */
    public static List<String> builtInNames(ScriptKind kind) {
        return List.copyOf(BUILT_INS.get(Objects.requireNonNull(kind, "kind")).keySet());
    }

    /**
     * Resolves {@code value}: a path (ends with .java or contains a separator) is compiled; else
     * {@code scriptsRoot/<kind folder>/<value>.java} if it exists (scriptsRoot may be null to skip
     * it); else the built-in of that name. A bare {@code NAME.py} means NAME: the Bulk Executor names
     * its Python scripts that way and its users type them so. A compiled script is checked to
     * implement the kind's type here, on the driver, so a wrong script fails before any Spark job starts.
     */
    public static ScriptRef resolve(ScriptKind kind, String value, Path scriptsRoot) {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isBlank()) {
            throw new ScriptException(kind.noun() + " name is empty");
        }
        if (looksLikePath(value)) {
            return compile(kind, toPath(value));
        }
        String name = value.endsWith(PYTHON_SUFFIX) && value.length() > PYTHON_SUFFIX.length()
                ? value.substring(0, value.length() - PYTHON_SUFFIX.length()) : value;
        Path userScript = scriptsRoot == null ? null : userScriptPath(kind, name, scriptsRoot);
        if (userScript != null && Files.isRegularFile(userScript)) {
            return compile(kind, userScript);
        }
        String builtInName = kind == ScriptKind.FILL ? FILL_ALIASES.getOrDefault(name, name) : name;
        String builtIn = BUILT_INS.get(kind).get(builtInName);
        if (builtIn != null) {
            return new ScriptRef.BuiltIn(builtInName, builtIn);
        }
        List<String> names = builtInNames(kind);
        String where = scriptsRoot == null ? "no scripts folder given"
                : "no file " + scriptsRoot.resolve(kind.folder()) + File.separator + name + ".java";
        throw new ScriptException(kind.noun() + " '" + value + "' not found: no built-in of that name (built-ins: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ") and " + where);
    }

    private static boolean looksLikePath(String value) {
        return value.endsWith(".java") || value.indexOf('/') >= 0 || value.indexOf(File.separatorChar) >= 0;
    }

    private static Path toPath(String value) {
        try {
            return Paths.get(value);
        } catch (InvalidPathException e) {
            throw new ScriptException("not a valid file path: " + value, e);
        }
    }

    private static Path userScriptPath(ScriptKind kind, String name, Path scriptsRoot) {
        try {
            return scriptsRoot.resolve(kind.folder()).resolve(name + ".java");
        } catch (InvalidPathException e) {
            // A name no file can have (say, with a NUL) can still be a built-in's; only the file lookup is skipped.
            return null;
        }
    }

    private static ScriptRef compile(ScriptKind kind, Path file) {
        CompiledScript script = ScriptCompiler.compile(file);
        ScriptInstances.check(script.mainClass(kind.type()), kind.type());
        return new ScriptRef.Compiled(file.toString(), script);
    }
}

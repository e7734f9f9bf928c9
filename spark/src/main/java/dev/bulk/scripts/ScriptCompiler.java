package dev.bulk.scripts;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import net.datafaker.Faker;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compiles one single-file Java script in memory, against the classes the tool itself runs with,
 * so a script can use the tool's interfaces and bundled libraries (Datafaker, the AWS SDK).
 */
public final class ScriptCompiler {
    private static final int MAX_REPORTED_ERRORS = 5;
    // Classes whose jars a script may use: added explicitly because under spark-submit (or a test
    // launcher) the tool's jar is in a child class loader, not on java.class.path.
    private static final List<Class<?>> CLASS_PATH_ANCHORS = List.of(ItemGenerator.class, Faker.class, AttributeValue.class);

    private ScriptCompiler() {
    }

    /**
     * Compiles {@code source}, whose public top-level class must be named like the file. Throws
     * {@link ScriptException} if the file is missing, does not compile (one line per error:
     * {@code File.java:LINE: message}), or lacks that class.
     */
    public static CompiledScript compile(Path source) {
        Objects.requireNonNull(source, "source");
        if (!Files.isRegularFile(source)) {
            throw new ScriptException("file not found: " + source);
        }
        String fileName = source.getFileName().toString();
        if (!fileName.endsWith(".java")) {
            throw new ScriptException(source + ": a script must be a .java source file");
        }
        String expectedName = fileName.substring(0, fileName.length() - ".java".length());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new ScriptException("compiling " + fileName + " needs a JDK (with javac), but this Java at "
                    + System.getProperty("java.home") + " is only a runtime; run the tool with a JDK 17 or newer");
        }

        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ENGLISH, StandardCharsets.UTF_8);
        try (MemoryFileManager files = new MemoryFileManager(standard)) {
            return compile(compiler, files, diagnostics, source, expectedName);
        } catch (IOException e) {
            throw new ScriptException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static CompiledScript compile(JavaCompiler compiler, MemoryFileManager files,
            DiagnosticCollector<JavaFileObject> diagnostics, Path source, String expectedName) throws IOException {
        String fileName = source.getFileName().toString();
        List<String> options = List.of("--release", "17", "-encoding", "UTF-8", "-proc:none", "-g", "-nowarn",
                "-classpath", classPath());
        StringWriter otherOutput = new StringWriter();
        Iterable<? extends JavaFileObject> units = files.getFileManager().getJavaFileObjectsFromPaths(List.of(source));
        JavaCompiler.CompilationTask task = compiler.getTask(otherOutput, files, diagnostics, options, null, units);
        if (!(task instanceof JavacTask javac)) {
            throw new ScriptException("the system Java compiler is not javac; cannot compile " + fileName);
        }
        Iterable<? extends CompilationUnitTree> parsed = javac.parse();
        failOnErrors(diagnostics, fileName, otherOutput);
        // Checked before generating code: a missing main class is the clearer message.
        String mainClass = publicClassNamed(parsed, expectedName);
        if (mainClass == null) {
            throw new ScriptException(fileName + ": no public top-level class named " + expectedName
                    + " (the class to run must be public and named like the file)");
        }
        javac.generate();
        failOnErrors(diagnostics, fileName, otherOutput);
        return new CompiledScript(mainClass, files.classes());
    }

    private static String publicClassNamed(Iterable<? extends CompilationUnitTree> units, String simpleName) {
        for (CompilationUnitTree unit : units) {
            String packagePrefix = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
            for (Tree declaration : unit.getTypeDecls()) {
                if (declaration instanceof ClassTree type && type.getSimpleName().contentEquals(simpleName)
                        && type.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                    return packagePrefix + simpleName;
                }
            }
        }
        return null;
    }

    private static void failOnErrors(DiagnosticCollector<JavaFileObject> diagnostics, String fileName, StringWriter other) {
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(format(diagnostic, fileName));
            }
        }
        if (errors.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>(errors.subList(0, Math.min(MAX_REPORTED_ERRORS, errors.size())));
        if (errors.size() > MAX_REPORTED_ERRORS) {
            lines.add("(" + (errors.size() - MAX_REPORTED_ERRORS) + " more errors)");
        }
        String extra = other.toString().strip();
        throw new ScriptException(String.join("\n", lines) + (extra.isEmpty() ? "" : "\n" + oneLine(extra)));
    }

    private static String format(Diagnostic<? extends JavaFileObject> diagnostic, String fileName) {
        String message = oneLine(diagnostic.getMessage(Locale.ENGLISH));
        if (diagnostic.getSource() == null) {
            return "javac: " + message;
        }
        String where = diagnostic.getLineNumber() == Diagnostic.NOPOS ? "" : diagnostic.getLineNumber() + ":";
        return fileName + ":" + where + " " + message;
    }

    /** javac's multi-line messages ("cannot find symbol\n  symbol: ...") as one line, since each error gets one. */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ").replaceAll("\\s{2,}", " ");
    }

    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        for (Class<?> anchor : CLASS_PATH_ANCHORS) {
            String location = locationOf(anchor);
            if (location != null) {
                entries.add(location);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String locationOf(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            return Paths.get(source.getLocation().toURI()).toString();
        } catch (Exception e) {
            // Unusual class loaders (nested jars, custom URLs): the class path may still suffice.
            return null;
        }
    }

    /** Keeps class files in memory instead of writing them next to the user's source. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ByteArrayOutputStream> outputs = new LinkedHashMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            URI uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
            return new SimpleJavaFileObject(uri, kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    outputs.put(className, bytes);
                    return bytes;
                }
            };
        }

        StandardJavaFileManager getFileManager() {
            return fileManager;
        }

        Map<String, byte[]> classes() {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
            return classes;
        }
    }
}

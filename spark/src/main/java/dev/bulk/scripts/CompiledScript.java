package dev.bulk.scripts;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class files one user script compiled to, as plain serializable data. It is shipped to the
 * Spark executors inside the job, so it holds bytes and names only: classes are defined lazily,
 * once per JVM, by {@link #newInstance(Class)}.
 */
public final class CompiledScript implements Serializable {
    private static final long serialVersionUID = 1L;

    // Per JVM, keyed by content: every task of an executor reuses one definition of the classes
    // instead of each defining (and the JVM keeping) its own copy.
    private static final Map<String, ScriptClassLoader> LOADERS = new ConcurrentHashMap<>();

    private final String mainClassName;
    private final TreeMap<String, byte[]> classes;
    private final transient String contentHash;

    /**
     * @param mainClassName binary name of the class to instantiate
     * @param classes binary class name → class file bytes, for every class the source produced
     */
    public CompiledScript(String mainClassName, Map<String, byte[]> classes) {
        this.mainClassName = Objects.requireNonNull(mainClassName, "mainClassName");
        Objects.requireNonNull(classes, "classes");
        if (!classes.containsKey(mainClassName)) {
            throw new IllegalArgumentException("no class file for the main class " + mainClassName + " among "
                    + classes.keySet());
        }
        this.classes = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            byte[] bytes = Objects.requireNonNull(entry.getValue(), () -> "bytes of " + entry.getKey());
            this.classes.put(entry.getKey(), bytes.clone());
        }
        this.contentHash = hash(mainClassName, this.classes);
    }

    public String mainClassName() {
        return mainClassName;
    }

    /** A copy: binary class name → class file bytes. */
    public Map<String, byte[]> classes() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        classes.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** SHA-256 over the main class name and all class files; equal scripts share one class loader. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * A new instance of the main class, which must implement {@code type} and have a public
     * no-argument constructor. Throws {@link ScriptException} with the reason otherwise.
     */
    public <T> T newInstance(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return ScriptInstances.create(mainClass(type), type);
    }

    /** Loads (defining at most once per JVM and parent loader) the main class. */
    Class<?> mainClass(Class<?> type) {
        ClassLoader parent = parentLoader(type);
        ScriptClassLoader loader = LOADERS.compute(contentHash, (hash, cached) ->
                cached != null && cached.getParent() == parent ? cached : new ScriptClassLoader(parent, classes));
        try {
            return Class.forName(mainClassName, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ScriptException("cannot load script class " + mainClassName + ": " + e, e);
        }
    }

    /**
     * The thread's context loader (Spark's loader for the application jar on executors), unless it
     * cannot see the very {@code type} the caller expects; then the loader that defined that type.
     */
    private static ClassLoader parentLoader(Class<?> type) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && sees(context, type)) {
            return context;
        }
        ClassLoader own = type.getClassLoader();
        return own != null ? own : CompiledScript.class.getClassLoader();
    }

    private static boolean sees(ClassLoader loader, Class<?> type) {
        try {
            return Class.forName(type.getName(), false, loader) == type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String hash(String mainClassName, Map<String, byte[]> classes) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        digest.update(mainClassName.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            // Lengths are hashed so that no two different (name, bytes) sequences concatenate alike.
            digest.update((byte) 0);
            digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Integer.toString(entry.getValue().length).getBytes(StandardCharsets.UTF_8));
            digest.update(entry.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deserialization bypasses the constructor; rebuilding re-validates and recomputes the hash. */
    private Object readResolve() {
        return new CompiledScript(mainClassName, classes);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CompiledScript that)) {
            return false;
        }
        return contentHash.equals(that.contentHash);
    }

    @Override
    public int hashCode() {
        return contentHash.hashCode();
    }

    @Override
    public String toString() {
        return "CompiledScript[" + mainClassName + ", " + classes.size() + " classes, " + contentHash.substring(0, 12) + "]";
    }

    /**
     * Defines the script's classes itself before asking the parent, so a script class named like
     * one of the tool's (say, dev.bulk.scripts.DefaultGenerator) is the user's and not the tool's.
     */
    private static final class ScriptClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        ScriptClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super("bulk-script", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!classes.containsKey(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}

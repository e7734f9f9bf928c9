package dev.bulk.scripts;

import java.io.Serializable;
import java.util.Objects;

/**
 * A resolved script, as plain serializable data that travels to the Spark executors: either a
 * built-in (by class name) or a user script's compiled classes. Each task calls
 * {@link #newInstance(Class)} to get its own instance.
 */
public sealed interface ScriptRef extends Serializable permits ScriptRef.BuiltIn, ScriptRef.Compiled {

    /** How to name the script to the user: the built-in's name or the source file's path. */
    String displayName();

    /** A fresh instance; throws {@link ScriptException} if it is not a {@code type} or cannot be created. */
    <T> T newInstance(Class<T> type);

    /** One of the tool's own classes, named by {@code name} on the command line. */
    record BuiltIn(String name, String className) implements ScriptRef {
        public BuiltIn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(className, "className");
        }

        @Override
        public String displayName() {
            return name;
        }

        @Override
        public <T> T newInstance(Class<T> type) {
            Objects.requireNonNull(type, "type");
            Class<?> builtIn;
            try {
                // The loader that loaded this record also holds the tool's other classes, on any JVM.
                builtIn = Class.forName(className, false, BuiltIn.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ScriptException("built-in " + name + " (" + className + ") cannot be loaded: " + e, e);
            }
            return ScriptInstances.create(builtIn, type);
        }
    }

    /** A user's script compiled from {@code displayName} (its path as the user gave or we found it). */
    record Compiled(String displayName, CompiledScript script) implements ScriptRef {
        public Compiled {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(script, "script");
        }

        @Override
        public <T> T newInstance(Class<T> type) {
            return script.newInstance(type);
        }
    }
}

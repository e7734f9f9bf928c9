package dev.bulk.scripts;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Checks and instantiates a script class, with messages that say what the user must change. */
final class ScriptInstances {
    private ScriptInstances() {
    }

    /** Fails unless {@code type} could be created from {@code scriptClass}; creates nothing. */
    static Constructor<?> check(Class<?> scriptClass, Class<?> type) {
        String name = scriptClass.getName();
        if (!type.isAssignableFrom(scriptClass)) {
            throw new ScriptException(notImplementing(scriptClass, type));
        }
        if (!Modifier.isPublic(scriptClass.getModifiers())) {
            throw new ScriptException("class " + name + " must be public");
        }
        if (scriptClass.isInterface() || Modifier.isAbstract(scriptClass.getModifiers())) {
            throw new ScriptException("class " + name + " is abstract; it must be a concrete class");
        }
        try {
            return scriptClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ScriptException("class " + name + " needs a public constructor without parameters");
        }
    }

    static <T> T create(Class<?> scriptClass, Class<T> type) {
        Constructor<?> constructor = check(scriptClass, type);
        try {
            return type.cast(constructor.newInstance());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ScriptException("creating " + scriptClass.getName() + " failed: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ScriptException("creating " + scriptClass.getName() + " failed: " + e, e);
        }
    }

    private static String notImplementing(Class<?> scriptClass, Class<?> type) {
        String message = "class " + scriptClass.getName() + " does not implement " + type.getName();
        for (Class<?> implemented : scriptClass.getInterfaces()) {
            // Same name, different Class: two copies of the tool's classes on the class path.
            if (implemented.getName().equals(type.getName())) {
                return message + " (it implements a copy of it from another class loader: is the tool's jar on the "
                        + "class path twice?)";
            }
        }
        return message + "; declare it as: public class " + scriptClass.getSimpleName() + " implements "
                + type.getName();
    }
}

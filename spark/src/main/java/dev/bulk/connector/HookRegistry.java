package dev.bulk.connector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The hooks plugged in by key, in this JVM (see {@link JobHooks}). */
final class HookRegistry {
    private static final Map<String, JobHooks> BY_KEY = new ConcurrentHashMap<>();

    private HookRegistry() {
    }

    static void register(String key, JobHooks hooks) {
        BY_KEY.put(key, hooks);
    }

    static void forget(String key) {
        BY_KEY.remove(key);
    }

    static JobHooks of(String key) {
        return key == null ? JobHooks.DEFAULT : BY_KEY.getOrDefault(key, JobHooks.DEFAULT);
    }
}

package dev.bulk.engine;

/**
 * How to run Spark: master URL (null = local Spark in this process), logging, UI, and the sizes the
 * reference's Glue flags translate to.
 *
 * @param executors      --XNumberOfWorkers: executor instances on a cluster (null = cluster default)
 * @param executorCores  cores per executor from --XWorkerType (null = cluster default)
 * @param executorMemory memory per executor from --XWorkerType, e.g. "16g" (null = cluster default)
 * @param timeoutMinutes --XTimeout: cancel the job after this many minutes (null = no deadline)
 */
public record EngineSettings(String master, boolean verbose, boolean ui, Integer executors, Integer executorCores,
        String executorMemory, Integer timeoutMinutes) {

    public static EngineSettings local() {
        return new EngineSettings(null, false, false, null, null, null, null);
    }

    /** The job deadline from --XTimeout, or null. */
    public java.time.Duration timeout() {
        return timeoutMinutes == null ? null : java.time.Duration.ofMinutes(timeoutMinutes);
    }

    public boolean isLocal() {
        return master == null || master.startsWith("local");
    }
}

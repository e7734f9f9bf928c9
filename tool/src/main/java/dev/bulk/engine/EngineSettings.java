package dev.bulk.engine;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * How to run Spark: master URL (null = local Spark in this process), logging, UI, extra Spark
 * properties, and the sizes the reference's Glue flags translate to.
 *
 * @param master         --master, or the spark.master spark-submit set, or null for local Spark
 * @param executors      --XNumberOfWorkers: executor instances on a cluster (null = cluster default)
 * @param executorCores  cores per executor from --XWorkerType (null = cluster default)
 * @param executorMemory memory per executor from --XWorkerType, e.g. "16g" (null = cluster default)
 * @param timeoutMinutes --XTimeout: cancel the job after this many minutes (null = no deadline)
 * @param conf           --conf KEY=VALUE Spark properties, applied last
 */
public record EngineSettings(String master, boolean verbose, boolean ui, Integer executors, Integer executorCores,
        String executorMemory, Integer timeoutMinutes, Map<String, String> conf) {

    public EngineSettings {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    public static EngineSettings local() {
        return new EngineSettings(null, false, false, null, null, null, null, Map.of());
    }

    /** The job deadline from --XTimeout, or null. */
    public java.time.Duration timeout() {
        return timeoutMinutes == null ? null : java.time.Duration.ofMinutes(timeoutMinutes);
    }

    public boolean isLocal() {
        return master == null || master.startsWith("local");
    }

    /**
     * True when every executor runs on this machine: local Spark, or a standalone master on a
     * loopback address (whose workers, then, are on this machine too). Only then can executors
     * reach a server that listens on 127.0.0.1, like the project's DynamoDB Local.
     */
    public boolean executorsOnThisMachine() {
        if (isLocal()) {
            return true;
        }
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            try {
                String host = URI.create("spark://" + hostPort).getHost();
                if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                    return false;
                }
            } catch (IllegalArgumentException | UnknownHostException e) {
                return false;
            }
        }
        return true;
    }
}

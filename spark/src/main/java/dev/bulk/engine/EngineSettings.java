package dev.bulk.engine;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to run Spark: master URL (null = local Spark in this process), logging, UI, extra Spark
 * properties, and the sizes the reference's Glue flags translate to.
 *
 * @param master         --master, or the spark.master spark-submit set, or null for local Spark
 * @param executors      --XNumberOfWorkers: executor instances on a cluster (null = cluster default)
 * @param executorCores  cores per executor from --XWorkerType (null = cluster default)
 * @param executorMemory memory per executor from --XWorkerType, e.g. "16g" (null = cluster default)
 * @param timeout        --XTimeout: cancel each job after this long (null = no deadline)
 * @param conf           --conf KEY=VALUE Spark properties, applied last
 */
public record EngineSettings(String master, boolean verbose, boolean ui, Integer executors, Integer executorCores,
        String executorMemory, java.time.Duration timeout, Map<String, String> conf) {

    public EngineSettings {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    public static EngineSettings local() {
        return new EngineSettings(null, false, false, null, null, null, null, Map.of());
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
        try {
            return masterAddresses().stream().allMatch(address -> isLoopback(address.getHost()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The host:port addresses (as tcp:// URIs) a spark:// or k8s:// master is reached at; empty for
     * other masters. A standalone master may list several hosts; its port defaults to 7077.
     */
    public List<URI> masterAddresses() {
        List<URI> addresses = new ArrayList<>();
        if (master == null) {
            return addresses;
        }
        if (master.startsWith("k8s://")) {
            String rest = master.substring("k8s://".length());
            URI uri = URI.create(rest.contains("://") ? rest : "https://" + rest);
            int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("http") ? 80 : 443;
            addresses.add(URI.create("tcp://" + uri.getHost() + ":" + port));
        } else if (master.startsWith("spark://")) {
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                URI uri = URI.create("tcp://" + hostPort.trim());
                addresses.add(uri.getPort() > 0 ? uri : URI.create("tcp://" + uri.getHost() + ":7077"));
            }
        }
        return addresses;
    }

    /** True for a name or address of this machine's loopback interface (127.x, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

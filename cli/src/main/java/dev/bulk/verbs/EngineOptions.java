package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.engine.EngineSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Spark options, and the reference's Glue flags translated to Spark. */
public final class EngineOptions {
    private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
            "local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]|yarn|spark://[^\\s/]+|k8s://\\S+|mesos://\\S+");

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (spark://host:7077, yarn, k8s://https://host:443): the verb runs there in client mode and "
                    + "this tool's jar is shipped to the executors. Default: local Spark inside this process with 4 task slots per "
                    + "core (the tasks wait on DynamoDB); local[*] gives one per core. Under spark-submit, its --master is used.")
    String master;

    /** Which executor runs a verb's segment job (see {@link Tables#chooseEngine}). */
    public enum Engine {
        AUTO, SPARK, DIRECT
    }

    @Option(names = "--engine", paramLabel = "auto|spark|direct",
            description = "What runs the job. direct: a thread pool in this process, without starting Spark, for jobs that are "
                    + "'for each segment, do this' (count without --where, scancount, fill, truncate; delete, update and copy "
                    + "without --where). spark: Spark, as --master says. auto (default): direct for those jobs unless --master, "
                    + "--conf or --spark-ui asks for Spark, else spark. Same answers and files either way; the choice is printed.")
    String engineChoice;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark property, as spark-submit's --conf (repeatable), e.g. spark.driver.host=10.0.0.5 when "
                    + "executors must reach this machine at another address.")
    java.util.Map<String, String> conf;

    /** The flags that ask for Spark's and the SDK's own logging: the AWS CLI's --debug and the reference's --XDebug too. */
    public static final List<String> VERBOSE_FLAGS = List.of("--verbose", "--debug", "--XDebug");

    @Option(names = {"--verbose", "--debug", "--XDebug"}, description = "Show Spark's and the SDK's own logging (INFO).")
    boolean verbose;

    @Option(names = "--spark-ui", description = "Start the Spark web UI (off by default).")
    boolean sparkUi;

    @Option(names = "--XNumberOfWorkers", paramLabel = "N",
            description = "Glue: number of workers. Here: executor instances (spark.executor.instances) when --master is a "
                    + "cluster; ignored by local Spark.")
    Integer numberOfWorkers;

    @Option(names = "--XWorkerType", paramLabel = "TYPE",
            description = "Glue worker type (G.1X, G.2X, G.4X, G.8X, G.12X, G.16X, R.1X, R.2X, R.4X, R.8X). Here: executor "
                    + "cores and memory on a cluster (G.1X = 4 cores/12g heap of its 16 GB, G.2X = 8/24g, …; R = 2× memory); "
                    + "ignored by local Spark.")
    String workerType;

    @Option(names = "--XTimeout", paramLabel = "MINUTES",
            description = "Job deadline in minutes, fractions allowed (0.01..10080; 0.5 = 30 s), locally and on a cluster: "
                    + "when it passes, the Spark job is cancelled, what DynamoDB confirmed is reported (and recorded in "
                    + "summary.json), and the exit code is 1; a resumable verb, resumed, finishes the rest.")
    String timeoutMinutes;

    /** --XTimeout's bounds in minutes: 0.01 (0.6 s, enough for a test) to a week. */
    private static final BigDecimal MIN_TIMEOUT = new BigDecimal("0.01");
    private static final BigDecimal MAX_TIMEOUT = BigDecimal.valueOf(10080);

    /** --engine; a usage error naming the flag for anything but auto, spark or direct. */
    public Engine engine() {
        if (engineChoice == null) {
            return Engine.AUTO;
        }
        for (Engine engine : Engine.values()) {
            if (engine.name().equalsIgnoreCase(engineChoice.trim())) {
                return engine;
            }
        }
        throw BulkException.usage("--engine: '" + engineChoice + "' is not an engine (auto, spark or direct)");
    }

    /** The --master the user typed (not spark-submit's), or null. */
    String masterFlag() {
        return master;
    }

    public EngineSettings settings() {
        engine();
        validateMaster(master);
        Duration timeout = timeout(timeoutMinutes);
        if (numberOfWorkers != null && numberOfWorkers < 1) {
            throw BulkException.usage("--XNumberOfWorkers: must be at least 1, got " + numberOfWorkers);
        }
        Integer cores = null;
        String memory = null;
        if (workerType != null) {
            int[] size = workerSize(workerType);
            cores = size[0];
            memory = size[1] + "g";
        }
        if (conf != null) {
            for (Map.Entry<String, String> entry : conf.entrySet()) {
                if (!entry.getKey().startsWith("spark.") || entry.getValue() == null) {
                    throw BulkException.usage("--conf: '" + entry.getKey() + "=" + entry.getValue()
                            + "' is not a Spark property (KEY=VALUE with KEY starting 'spark.')");
                }
            }
        }
        // Under spark-submit the master comes from its --master (a system property here).
        String effectiveMaster = master != null ? master : System.getProperty("spark.master");
        return new EngineSettings(effectiveMaster, verbose, sparkUi, numberOfWorkers, cores, memory, timeout, conf);
    }

    /**
     * --XTimeout as a duration (null when not given). Decimal text, not a double: "NaN" and
     * "Infinity" are refused, and the message repeats the value as the user typed it.
     */
    static Duration timeout(String minutes) {
        if (minutes == null) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(minutes.trim());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw BulkException.usage("--XTimeout: must be a number of minutes between 0.01 and 10080 (0.5 = 30 s), got "
                    + minutes);
        }
        return Duration.ofMillis(value.multiply(BigDecimal.valueOf(60_000)).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /**
     * Usage error unless the value is a master URL Spark knows; Spark itself would fail later with
     * a stack trace ("Could not parse Master URL").
     */
    static void validateMaster(String value) {
        if (value == null || MASTER.matcher(value).matches()) {
            return;
        }
        throw BulkException.usage("--master: '" + value + "' is not a Spark master URL (local, local[N], local[*], "
                + "spark://HOST:PORT, yarn, k8s://https://HOST:PORT)");
    }

    /** Glue's worker sizes: G.nX = 4n vCPU / 16n GB; R.nX = 4n vCPU / 32n GB. Memory leaves room for overhead. */
    static int[] workerSize(String type) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("([GR])\\.(1|2|4|8|12|16)X").matcher(type);
        if (!matcher.matches() || (matcher.group(1).equals("R") && Integer.parseInt(matcher.group(2)) > 8)) {
            throw BulkException.usage("--XWorkerType: '" + type + "' is not a Glue worker type "
                    + "(G.1X, G.2X, G.4X, G.8X, G.12X, G.16X, R.1X, R.2X, R.4X, R.8X)");
        }
        int n = Integer.parseInt(matcher.group(2));
        int memoryGb = (matcher.group(1).equals("G") ? 16 : 32) * n;
        return new int[] {4 * n, (int) Math.floor(memoryGb * 0.75)};
    }
}

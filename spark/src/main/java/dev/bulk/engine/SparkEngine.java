package dev.bulk.engine;

import dev.bulk.BulkException;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a command: local Spark in this process by default (4 task slots per core), or a cluster in client
 * mode with this tool's jar shipped to the executors. Quiet unless --verbose; no UI unless asked.
 */
public final class SparkEngine {
    private static final int SLOTS_PER_CORE = 4;
    private static final Duration MASTER_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration DEFAULT_EXECUTOR_WAIT = Duration.ofSeconds(60);

    private SparkEngine() {
    }

    public static SparkSession start(EngineSettings settings) {
        quietLogging(settings.verbose());
        // new SparkConf() also reads the spark.* system properties spark-submit sets.
        SparkConf conf = new SparkConf()
                .setAppName("bulk")
                .setMaster(settings.master() == null ? defaultLocalMaster() : settings.master())
                .set("spark.ui.enabled", String.valueOf(settings.ui()))
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "16")
                // Tasks are I/O-bound DynamoDB calls; a failed task is retried by Spark, not by hand.
                .set("spark.task.maxFailures", "4");
        // Under spark-submit (EMR, EMR Serverless, a cluster's own launcher) the platform has set the
        // master, the driver's address and the application jar: leave them alone.
        boolean submitted = conf.contains("spark.submit.deployMode");
        if (!submitted && settings.executorsOnThisMachine() && !conf.contains("spark.driver.host")) {
            // Everything runs here: keep Spark's traffic on loopback. On a real cluster Spark's own
            // default (this machine's hostname) is what executors can reach; --conf overrides it.
            conf.set("spark.driver.bindAddress", System.getProperty("bulk.driver.bindAddress", "127.0.0.1"))
                    .set("spark.driver.host", System.getProperty("bulk.driver.host", "127.0.0.1"));
        }
        if (!settings.isLocal()) {
            String jar = ownJar();
            // spark-submit has already put the application jar in spark.jars.
            if (jar != null && !submitted && !conf.contains("spark.jars")) {
                conf.set("spark.jars", jar);
            }
            if (settings.executors() != null) {
                conf.set("spark.executor.instances", String.valueOf(settings.executors()));
                conf.set("spark.cores.max", String.valueOf(settings.executors() * (settings.executorCores() == null ? 1 : settings.executorCores())));
            }
            if (settings.executorCores() != null) {
                conf.set("spark.executor.cores", String.valueOf(settings.executorCores()));
            }
            if (settings.executorMemory() != null) {
                conf.set("spark.executor.memory", settings.executorMemory());
            }
        }
        settings.conf().forEach(conf::set);
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        context.setLogLevel(settings.verbose() ? "INFO" : "OFF");
        if (settings.master() != null && settings.master().startsWith("spark://")
                && !conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            awaitExecutors(session, settings.master(), executorWait());
        }
        return session;
    }

    /**
     * Fails in seconds when a cluster master cannot be reached, instead of Spark's own minute of
     * retries (spark://) or a hang: each host:port of the URL must accept a TCP connection.
     * YARN (found through the Hadoop configuration) is not checked here.
     */
    public static void checkMasterReachable(EngineSettings settings) {
        List<URI> addresses = settings.masterAddresses();
        if (addresses.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (URI address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), (int) MASTER_CONNECT_TIMEOUT.toMillis());
                return;
            } catch (IOException | IllegalArgumentException e) {
                problems.add(address.getHost() + ":" + address.getPort() + " (" + describe(e) + ")");
            }
        }
        throw new BulkException(BulkException.Kind.FAILED, "--master " + settings.master() + ": no Spark master answers at "
                + String.join(", ", problems) + "; check the address and that the master runs (a standalone master "
                + "listens on port 7077 by default)");
    }

    private static String describe(Exception e) {
        return e instanceof java.net.SocketTimeoutException ? "no answer within " + MASTER_CONNECT_TIMEOUT.toSeconds() + " s"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** -Dbulk.executorWaitSeconds, else $BULK_EXECUTOR_WAIT_SECONDS, else 60 s. */
    private static Duration executorWait() {
        String env = System.getenv("BULK_EXECUTOR_WAIT_SECONDS");
        long fallback = env != null && env.matches("\\d+") ? Long.parseLong(env) : DEFAULT_EXECUTOR_WAIT.toSeconds();
        return Duration.ofSeconds(Long.getLong("bulk.executorWaitSeconds", fallback));
    }

    /**
     * A standalone master that is up but has no free workers (or whose workers cannot reach this
     * driver) would leave the job waiting forever: wait for the first executor, then fail clearly.
     */
    private static void awaitExecutors(SparkSession session, String master, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (session.sparkContext().statusTracker().getExecutorInfos().length < 2) {
            if (System.nanoTime() > deadline || session.sparkContext().isStopped()) {
                String driver = session.sparkContext().getConf().get("spark.driver.host", "?");
                session.stop();
                throw new BulkException(BulkException.Kind.FAILED, "--master " + master + ": no executor registered within "
                        + wait.toSeconds() + " s; the cluster has no free worker cores or memory, or its workers cannot reach "
                        + "this driver at " + driver + " (set it with --conf spark.driver.host=ADDRESS)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BulkException(BulkException.Kind.INTERRUPTED, "interrupted while waiting for executors");
            }
        }
    }

    /**
     * local[K] with K = 4 task slots per core: bulk's tasks spend most of their time waiting on
     * DynamoDB, so one slot per core leaves the table (and a DynamoDB Local on the same cores)
     * idle between requests. {@code --master local[*]} gives one slot per core.
     */
    static String defaultLocalMaster() {
        return "local[" + localSlots() + "]";
    }

    /** Task slots of the default local Spark (the tasks wait on DynamoDB, so several per core); the direct engine matches them. */
    public static int localSlots() {
        return Math.max(8, Runtime.getRuntime().availableProcessors() * SLOTS_PER_CORE);
    }

    /**
     * Spark, Hadoop and the SDK log nothing unless --verbose: every failure reaches the user as the
     * command's own one-line message, while their ERROR logs repeat it with a stack trace per task.
     */
    /** The Spark and Scala versions this process runs (for --version and the cluster check). */
    public static String sparkVersion() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

    public static String scalaVersion() {
        return scala.util.Properties.versionNumberString();
    }

    public static void quietLogging(boolean verbose) {
        Configurator.setRootLevel(verbose ? Level.INFO : Level.OFF);
        // The engine's own warnings (a budget port that would not open, checkpoints that may be
        // incomplete) are logged rather than printed; the CLI still shows them.
        Configurator.setLevel("dev.bulk", verbose ? Level.INFO : Level.WARN);
    }

    /** The jar this class was loaded from (to ship to executors), or null when run from classes. */
    static String ownJar() {
        try {
            File file = new File(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return file.isFile() && file.getName().endsWith(".jar") ? file.getAbsolutePath() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}

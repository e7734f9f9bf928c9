package dev.bulk.engine;

import java.io.File;
import java.net.URISyntaxException;
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

    private SparkEngine() {
    }

    public static SparkSession start(EngineSettings settings) {
        quietLogging(settings.verbose());
        SparkConf conf = new SparkConf()
                .setAppName("bulk")
                .setMaster(settings.master() == null ? defaultLocalMaster() : settings.master())
                .set("spark.ui.enabled", String.valueOf(settings.ui()))
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "16")
                .set("spark.driver.bindAddress", System.getProperty("bulk.driver.bindAddress", "127.0.0.1"))
                .set("spark.driver.host", System.getProperty("bulk.driver.host", "127.0.0.1"))
                // Tasks are I/O-bound DynamoDB calls; a failed task is retried by Spark, not by hand.
                .set("spark.task.maxFailures", "4");
        if (!settings.isLocal()) {
            String jar = ownJar();
            if (jar != null) {
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
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        context.setLogLevel(settings.verbose() ? "INFO" : "ERROR");
        return session;
    }

    /**
     * local[K] with K = 4 task slots per core: bulk's tasks spend most of their time waiting on
     * DynamoDB, so one slot per core leaves the table (and a DynamoDB Local on the same cores)
     * idle between requests. {@code --master local[*]} gives one slot per core.
     */
    static String defaultLocalMaster() {
        int cores = Runtime.getRuntime().availableProcessors();
        return "local[" + Math.max(8, cores * SLOTS_PER_CORE) + "]";
    }

    /** Spark and the SDK log at ERROR unless --verbose; our own messages go to stderr directly. */
    public static void quietLogging(boolean verbose) {
        Configurator.setRootLevel(verbose ? Level.INFO : Level.ERROR);
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

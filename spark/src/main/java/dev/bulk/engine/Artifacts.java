package dev.bulk.engine;

/**
 * The names of the jars a release ships, where a message must name one: the runnable jar (Spark
 * inside, for {@code bin/bulk} and {@code java -jar}), and per Spark line the jar for a cluster's own
 * {@code spark-submit} (every verb, Spark provided) and the connector jar (the data source alone).
 */
public final class Artifacts {
    private Artifacts() {
    }

    /** The Scala binary version a Spark line is built with: 2.12 for 3.x, 2.13 for 4.x. */
    public static String scalaFor(String sparkLine) {
        return sparkLine.startsWith("3.") ? "2.12" : "2.13";
    }

    /** The jar a cluster's spark-submit runs every verb from, e.g. {@code bulk-spark-submit-3.5_2.12-0.1.0.jar}. */
    public static String platformJar(String sparkLine) {
        return "bulk-spark-submit-" + sparkLine + "_" + scalaFor(sparkLine) + "-" + version() + ".jar";
    }

    /** The connector jar for Spark applications of that line, e.g. {@code bulk-spark-runtime-3.5_2.12-0.1.0.jar}. */
    public static String connectorJar(String sparkLine) {
        return "bulk-spark-runtime-" + sparkLine + "_" + scalaFor(sparkLine) + "-" + version() + ".jar";
    }

    /**
     * This build's version, from the core module's Maven metadata: every jar that holds this class holds core too (the
     * CLI's jars and the connector jars), and core's artifact name, unlike this module's, is the same on every Spark line.
     */
    static String version() {
        Package own = Artifacts.class.getPackage();
        String fromManifest = own == null ? null : own.getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (java.io.InputStream in = Artifacts.class.getResourceAsStream("/META-INF/maven/dev.bulk/bulk-core/pom.properties")) {
            if (in == null) {
                return "VERSION";
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version", "VERSION");
        } catch (java.io.IOException e) {
            return "VERSION";
        }
    }
}

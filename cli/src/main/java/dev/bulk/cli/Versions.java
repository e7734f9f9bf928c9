package dev.bulk.cli;

import dev.bulk.dynamo.DynamoClients;
import dev.bulk.engine.SparkEngine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code bulk --version}: bulk's own version and the versions it runs with, the first things to say
 * in a report and to match against a cluster (Spark and Scala must be the cluster's).
 */
public final class Versions implements IVersionProvider {
    /** Maven writes it into every module jar, and the shaded jar keeps it. */
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.bulk/bulk-cli/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "bulk " + bulkVersion(),
            "Spark " + SparkEngine.sparkVersion() + " (Scala " + SparkEngine.scalaVersion() + ")",
            "AWS SDK for Java " + DynamoClients.sdkVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")",
        };
    }

    /** The version of the built jar; classes run from a source tree have none. */
    public static String bulkVersion() {
        try (InputStream in = Versions.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "(development build)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown)");
        } catch (IOException e) {
            return "(unknown)";
        }
    }
}

package dev.bulk.engine;

import dev.bulk.BulkException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone master of another Spark line cannot run this driver's jobs: Spark's RPC messages are
 * Java-serialized Scala objects, so a Spark 3.5 (Scala 2.12) master and a Spark 4 (Scala 2.13) driver
 * do not understand each other, and the driver would only wait until no executor registers. The
 * master's web UI shows its version on every page; it is asked before Spark starts, and a different
 * Spark line is refused with the way out (the other line's jar, through the cluster's own spark-submit).
 *
 * <p>The UI is looked for at the master's host on {@code spark.master.ui.port} (from {@code --conf} or spark-submit's,
 * else Spark's default 8080). A UI that does not answer or shows no version is no reason to stop:
 * the check is skipped.
 */
public final class MasterVersion {
    static final int DEFAULT_UI_PORT = 8080;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /**
     * Spark's page header: the element whose classes include {@code version}, alone in Spark 3.5
     * ({@code <span class="version" style="…">3.5.9</span>}), beside Bootstrap's in Spark 4
     * ({@code <span class="version me-3">4.2.0</span>}).
     */
    private static final Pattern VERSION = Pattern.compile(
            "class=\"(?:[^\"]*\\s)?version(?:\\s[^\"]*)?\"[^>]*>\\s*(\\d+\\.\\d+[^<\\s]*)\\s*<");

    private MasterVersion() {
    }

    /** Refuses a standalone master whose Spark line (major.minor) is not this process's. */
    public static void check(EngineSettings settings) {
        if (settings.master() == null || !settings.master().startsWith("spark://") || settings.masterAddresses().isEmpty()) {
            return;
        }
        // bulk's --conf, else spark-submit's (its --conf and spark-defaults arrive as system properties)
        String configured = settings.conf().get("spark.master.ui.port");
        int uiPort = uiPort(configured != null ? configured : System.getProperty("spark.master.ui.port"));
        String host = settings.masterAddresses().get(0).getHost();
        String cluster = of(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + uiPort + "/"));
        String ours = SparkEngine.sparkVersion();
        if (cluster == null || line(cluster).equals(line(ours))) {
            return;
        }
        throw new BulkException(BulkException.Kind.USAGE, "--master " + settings.master() + ": the cluster runs Spark " + cluster
                + ", this bulk runs Spark " + ours + " (Scala " + SparkEngine.scalaVersion() + "); run the jar for Spark "
                + line(cluster) + " with the cluster's spark-submit instead: spark-submit --master " + settings.master()
                + " --class dev.bulk.cli.Main " + Artifacts.platformJar(line(cluster)) + " VERB …");
    }

    /** The Spark version a master's web UI shows, or null when it does not answer or shows none. */
    static String of(URI ui) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(ui).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return page.statusCode() == 200 ? versionIn(page.body()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The version in a master's page header, or null when it shows none. */
    static String versionIn(String page) {
        Matcher matcher = VERSION.matcher(page);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** "3.5" of "3.5.9", "4.2" of "4.2.0-preview1". */
    static String line(String version) {
        Matcher matcher = Pattern.compile("^(\\d+\\.\\d+)").matcher(version);
        return matcher.find() ? matcher.group(1) : version;
    }

    private static int uiPort(String configured) {
        if (configured == null || !configured.matches("\\d{1,5}")) {
            return DEFAULT_UI_PORT;
        }
        return Integer.parseInt(configured);
    }
}

package dev.bulk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bulk local` and --local against a private BULK home, and the help texts. */
class LocalServerAndHelpTest {
    @TempDir
    Path home;

    /** The build's bulk home, given back after each test so later tests in this JVM do not use ~/.bulk. */
    private String buildHome;

    @BeforeEach
    void privateHome() {
        buildHome = System.getProperty("bulk.home");
        System.setProperty("bulk.home", home.toString());
    }

    @AfterEach
    void stopServer() {
        Cli.run("local", "stop");
        if (buildHome == null) {
            System.clearProperty("bulk.home");
        } else {
            System.setProperty("bulk.home", buildHome);
        }
    }

    @Test
    void localStartsOnDemandKeepsDataOnDiskAcrossARestartAndStops() {
        Cli.shareSpark();
        Cli.Result created = Cli.run("create-table", "--local", "--table", "persisted", "--pk", "pk:S", "--sk", "sk:S");
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(created.err()).contains("Started DynamoDB Local at http://127.0.0.1:");
        assertThat(Cli.run("local", "status").out()).contains("DynamoDB Local running at").contains(home.toString());
        assertThat(Cli.run("fill", "--local", "--table", "persisted", "--generator", "default", "--numitems", "300").out())
                .contains("Total records filled: 300");
        // Data written by one command is there for the next, even after the server restarts.
        assertThat(Cli.run("local", "stop").out()).contains("DynamoDB Local stopped.");
        assertThat(Cli.run("local", "status").out()).contains("not running");
        Cli.Result count = Cli.run("count", "--local", "--table", "persisted");
        assertThat(count.out()).as(count.all()).contains("Count of matching items: 300");
    }

    @Test
    void twoCommandsStartingTogetherShareOneServer() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Cli.Result> first = pool.submit(() -> Cli.run("local", "start", "--in-memory"));
            java.util.concurrent.Future<Cli.Result> second = pool.submit(() -> Cli.run("local", "start", "--in-memory"));
            String both = first.get().out() + second.get().out();
            assertThat(both).contains("DynamoDB Local started at").contains("already running");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void inMemoryServerStartsAndSaysSo() {
        Cli.Result start = Cli.run("local", "start", "--in-memory");
        assertThat(start.exitCode()).isZero();
        assertThat(start.out()).contains("DynamoDB Local started at").contains("in memory");
        assertThat(Cli.run("local", "start").out()).contains("already running");
    }

    @Test
    void startHonoursAFreePortGivenWithPort() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Cli.Result start = Cli.run("local", "start", "--in-memory", "--port", String.valueOf(port));
        assertThat(start.exitCode()).as(start.all()).isZero();
        assertThat(start.out()).contains("DynamoDB Local started at http://127.0.0.1:" + port + " ");
        assertThat(Cli.run("local", "status").out()).contains("running at http://127.0.0.1:" + port + " ");
        assertThat(Cli.run("local", "stop").out()).contains("DynamoDB Local stopped.");
    }

    @Test
    void loadHelpDoesNotOfferResumeAndLoadRefusesIt() {
        Cli.Result help = Cli.run("load", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--s3-path").doesNotContain("--resume");
        assertThat(Cli.run("delete", "--help").out()).contains("--resume");
        Cli.Result resumed = Cli.run("load", "--table", "tbl", "--format", "csv", "--s3-path", "x.csv", "--resume", "run1");
        assertThat(resumed.exitCode()).isEqualTo(2);
        assertThat(resumed.err().strip().lines().count()).isEqualTo(1);
        assertThat(resumed.err()).contains("--resume");
    }

    @Test
    void helpListsTheVerbsAndEveryVerbExplainsItsFlags() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("scancount", "count", "fill", "create-table", "quickstart", "local");
        Cli.Result scancount = Cli.run("scancount", "--help");
        assertThat(scancount.out()).contains("--filter-expression", "--expression-values", "--per-segment", "--sample-fraction",
                "--segments", "--XMaxReadRate", "--XNumberOfWorkers", "--local", "--endpoint", "--dry-run");
        assertThat(Cli.run("fill", "--help").out()).contains("--generator", "--numitems", "scripts/fill/NAME.java");
    }

    @Test
    void versionSaysWhatBulkRunsWith() throws IOException {
        Cli.Result version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        List<String> lines = version.out().strip().lines().toList();
        assertThat(lines).hasSize(4);
        // Classes run from the source tree have no jar version; the release test checks the built one.
        assertThat(lines.get(0)).isEqualTo("bulk (development build)");
        // The Spark on this test's classpath, read from Spark's own build information.
        assertThat(lines.get(1)).isEqualTo("Spark " + resourceProperty("/spark-version-info.properties", "version")
                + " (Scala " + resourceProperty("/library.properties", "version.number") + ")");
        assertThat(lines.get(2)).matches("AWS SDK for Java 2\\.\\d+\\.\\d+");
        assertThat(lines.get(3)).startsWith("Java " + Runtime.version() + " (");
    }

    @Test
    void anUnknownFlagIsOneLineAndExitTwo() {
        Cli.Result result = Cli.run("scancount", "--table", "t", "--bogus", "1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines().count()).isEqualTo(1);
        assertThat(result.err()).contains("--bogus");
    }

    /** A property of a properties file on the classpath (Spark's and Scala's build information). */
    private static String resourceProperty(String resource, String key) throws IOException {
        try (InputStream in = LocalServerAndHelpTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key);
        }
    }
}

package dev.bulk.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The release as a user gets it: the tarball unpacked outside the repository and run from there with only a Java,
 * no Maven and no source tree; its checksum files checked as {@code sha256sum -c} would.
 */
class ReleaseIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final String TABLE = "release-t";
    private static final int ITEMS = 300;

    private static UnpackedRelease release;
    private static Path workDir;
    private static Map<String, String> env;

    @BeforeAll
    static void unpack() throws IOException {
        release = UnpackedRelease.get();
        workDir = Files.createTempDirectory("bulk-release-run-");
        env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // the release's own DynamoDB Local state, not the user's ~/.bulk
        env.put("BULK_HOME", workDir.resolve(".bulk").toString());
    }

    @AfterAll
    static void stopServerAndClean() throws IOException {
        // the test stops it with `bulk local stop`; this is for a test that failed before that
        Optional<ProcessHandle> server = serverState().flatMap(state -> ProcessHandle.of(Long.parseLong(state.getProperty("pid"))));
        server.ifPresent(ProcessHandle::destroyForcibly);
        server.ifPresent(process -> process.onExit().join());
        UnpackedRelease.deleteTree(workDir);
    }

    @Test
    void unpacksOutsideTheRepositoryWithTheLauncherTheJarDynamoDbLocalAndTheConnectors() throws IOException {
        Path home = release.home();
        assertThat(home.toAbsolutePath().startsWith(UnpackedRelease.repoLauncher().getParent())).isFalse();
        assertThat(home.resolve("bin/bulk")).isExecutable();
        assertThat(home.resolve("lib/bulk-java.sh")).isRegularFile();
        assertThat(home.resolve("lib/bulk.jar")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
        try (Stream<Path> files = Files.list(home.resolve("lib/ddblocal"))) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("DynamoDBLocal") && name.endsWith(".jar"))
                    .anyMatch(name -> name.startsWith("libsqlite4java-linux-amd64") && name.endsWith(".so"));
        }
        for (Path connector : connectorJars()) {
            Path inside = home.resolve("connectors").resolve(connector.getFileName());
            assertThat(inside).as("the tarball carries " + connector.getFileName()).isRegularFile();
            assertThat(sha256(inside)).isEqualTo(sha256(connector));
        }
    }

    @Test
    void everyReleaseFileHasAMatchingSha256FileInTheFormatSha256sumChecks() throws IOException {
        List<Path> releaseFiles = new ArrayList<>(releasedJars());
        releaseFiles.add(UnpackedRelease.tarball());
        // per Spark line (3.5/Scala 2.12 and 4.2/Scala 2.13): the connector, and the jar for a cluster's spark-submit
        assertThat(connectorJars()).as("a connector jar per Spark line").hasSize(2);
        assertThat(releasedJars().stream().map(path -> path.getFileName().toString()))
                .anyMatch(name -> name.startsWith("bulk-spark-submit-3.5_2.12-"))
                .anyMatch(name -> name.startsWith("bulk-spark-submit-4.2_2.13-"));
        for (Path file : releaseFiles) {
            Path checksum = file.resolveSibling(file.getFileName() + ".sha256");
            assertThat(checksum).as(checksum.toString()).isRegularFile();
            assertThat(Files.readString(checksum, StandardCharsets.UTF_8).strip())
                    .isEqualTo(sha256(file) + "  " + file.getFileName());
        }
    }

    @Test
    void versionRunsFromTheUnpackedFolder() {
        UnpackedRelease.Result result = release.bulk(workDir, env, COMMAND_TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        // the built jar's own version (the project's), then what it runs with: the release's Spark and the test's Java
        java.util.List<String> lines = result.out().strip().lines().toList();
        assertThat(lines).as(result.describe()).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("bulk " + UnpackedRelease.version());
        assertThat(lines.get(1)).matches("Spark \\d+\\.\\d+\\.\\d+ \\(Scala 2\\.1[23]\\.\\d+\\)");
        assertThat(lines.get(2)).matches("AWS SDK for Java 2\\.\\d+\\.\\d+");
        assertThat(lines.get(3)).startsWith("Java " + System.getProperty("java.version"));
    }

    @Test
    void localCreatesFillsAndCountsWithTheBundledDynamoDbLocal() throws IOException {
        UnpackedRelease.Result created = release.bulk(workDir, env, COMMAND_TIMEOUT, "create-table", "--local", "--table", TABLE,
                "--pk", "pk:S", "--sk", "sk:S");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(created.out()).contains("Created table '" + TABLE + "'");

        // the server it started (as its state file under BULK_HOME tells) is the release's: a JVM on lib/ddblocal
        Properties state = serverState().orElseThrow();
        ProcessHandle server = ProcessHandle.of(Long.parseLong(state.getProperty("pid"))).orElseThrow();
        assertThat(server.info().commandLine().orElseThrow()).contains(release.home().resolve("lib/ddblocal").toString());
        String endpoint = "http://127.0.0.1:" + state.getProperty("port");

        UnpackedRelease.Result fill = release.bulk(workDir, env, COMMAND_TIMEOUT, "fill", "--local", "--table", TABLE,
                "--generator", "default", "--numitems", String.valueOf(ITEMS));
        assertThat(fill.exitCode()).as(fill.describe()).isZero();
        assertThat(fill.out()).contains("Total records filled: " + ITEMS);
        assertThat(countByScan(endpoint)).as("items in the table by a plain SDK scan").isEqualTo(ITEMS);

        UnpackedRelease.Result count = release.bulk(workDir, env, COMMAND_TIMEOUT, "count", "--local", "--table", TABLE);
        assertThat(count.exitCode()).as(count.describe()).isZero();
        assertThat(count.out()).contains("Count of matching items: " + ITEMS);

        UnpackedRelease.Result stop = release.bulk(workDir, env, COMMAND_TIMEOUT, "local", "stop");
        assertThat(stop.out()).as(stop.describe()).contains("DynamoDB Local stopped.");
        assertThat(server.isAlive()).isFalse();
    }

    /** The connector jars released next to the tarball (and inside it). */
    private static List<Path> connectorJars() throws IOException {
        return releasedJars().stream().filter(path -> path.getFileName().toString().startsWith("bulk-spark-runtime-")).toList();
    }

    /** Every jar released next to the tarball: the connectors and the spark-submit jars. */
    private static List<Path> releasedJars() throws IOException {
        try (Stream<Path> files = Files.list(UnpackedRelease.releaseDir())) {
            return files.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** DynamoDB Local's state file, which the tool writes when it starts the server. */
    private static Optional<Properties> serverState() throws IOException {
        Path file = workDir.resolve(".bulk/local/server.properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return Optional.of(properties);
    }

    /** The test's own truth: a plain SDK scan (DynamoDB Local takes any credentials and region). */
    private static long countByScan(String endpoint) {
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            long count = 0;
            for (ScanResponse page : client.scanPaginator(request -> request.tableName(TABLE).select("COUNT"))) {
                count += page.count();
            }
            return count;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

package dev.bulk.testing;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * S3Proxy (org.gaul:s3proxy jar-with-dependencies, copied by ddblocal into ddblocal/target/s3proxy-lib) as a
 * child JVM on 127.0.0.1, a free port, filesystem blob store under {@code dir/data}. Never on our classpath.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    /**
     * @param identity null for {@code s3proxy.authorization=none}; otherwise aws-v2-or-v4 with this access key
     */
    private S3ProxyServer(Path lib, Path dir, String identity, String credential) throws IOException {
        this.port = freePort();
        this.dataDir = Files.createDirectories(dir.resolve("data"));
        this.log = dir.resolve("s3proxy.log");
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        if (identity == null) {
            properties.setProperty("s3proxy.authorization", "none");
        } else {
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", identity);
            properties.setProperty("s3proxy.credential", credential);
        }
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        Path file = dir.resolve("s3proxy.properties");
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "S3Proxy for bulk");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(lib.toAbsolutePath() + File.separator + "*");
        command.add(MAIN_CLASS);
        command.add("--properties");
        command.add(file.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LOG_LEVEL", "warn"); // its logback.xml reads ${LOG_LEVEL:-info}
        this.process = builder.start();
        awaitReady();
    }

    public static S3ProxyServer start(Path dir) throws IOException {
        return new S3ProxyServer(libraryDir(), dir, null, null);
    }

    public static S3ProxyServer startWithAuth(Path dir, String identity, String credential) throws IOException {
        return new S3ProxyServer(libraryDir(), dir, identity, credential);
    }

    static Path libraryDir() {
        String property = System.getProperty("bulk.s3proxy.lib", "../ddblocal/target/s3proxy-lib");
        Path lib = Paths.get(property);
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no S3Proxy at " + lib.toAbsolutePath() + "; run mvn -pl ddblocal package");
        }
        return lib;
    }

    /** Ready when its HTTP server answers anything (200 ListAllMyBuckets without auth, 403 with). */
    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("S3Proxy exited at start (code " + process.exitValue() + "): "
                            + Files.readString(log));
                }
                if (System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("S3Proxy did not answer on port " + port + "; see " + log);
                }
                sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new InterruptedIOException("interrupted waiting for S3Proxy");
            }
        }
    }

    /** A bucket with authorization=none: an unsigned PUT with no body. */
    public void createBucketUnsigned(String bucket) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("create bucket " + bucket + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

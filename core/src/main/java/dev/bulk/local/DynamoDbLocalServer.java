package dev.bulk.local;

import dev.bulk.BulkException;
import dev.bulk.BulkHome;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The project's DynamoDB Local: a server process of its own (own JVM, own classpath — its ANTLR
 * 4.10 would break Spark SQL's parser if it shared ours) on 127.0.0.1, described by a small state
 * file so later commands find it. It outlives the command that started it.
 */
public final class DynamoDbLocalServer {
    public static final int DEFAULT_PORT = 8000;
    private static final String MAIN_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    /** A running server as recorded in the state file; {@code startedNow} when this call started it. */
    public record Status(long pid, int port, boolean inMemory, Path dataDir, Path logFile, boolean startedNow) {
        public String endpoint() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path stateDir;

    public DynamoDbLocalServer(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** ~/.bulk/local, or $BULK_HOME/local ({@link BulkHome}). */
    public static DynamoDbLocalServer standard() {
        return new DynamoDbLocalServer(BulkHome.path().resolve("local"));
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path defaultDataDir() {
        return stateDir.resolve("data");
    }

    /** The running server, if the state file names a live process whose port answers. */
    public Optional<Status> status() {
        Path file = stateDir.resolve("server.properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid = Long.parseLong(properties.getProperty("pid", "-1"));
        int port = Integer.parseInt(properties.getProperty("port", "-1"));
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive || !answers(port)) {
            return Optional.empty();
        }
        String dataDir = properties.getProperty("dataDir", "");
        return Optional.of(new Status(pid, port, Boolean.parseBoolean(properties.getProperty("inMemory")),
                dataDir.isEmpty() ? null : Paths.get(dataDir), stateDir.resolve("server.log"), false));
    }

    /**
     * Starts a server unless one runs already; returns the running one either way. A file lock
     * makes two commands started together share one server instead of racing for the port.
     */
    public Status ensureRunning(boolean inMemory, Path dataDir, int port) {
        // The file lock guards against other processes; threads of this JVM queue here first
        // (a JVM may hold a file's lock only once).
        synchronized (DynamoDbLocalServer.class) {
            return ensureRunningLocked(inMemory, dataDir, port);
        }
    }

    private Status ensureRunningLocked(boolean inMemory, Path dataDir, int port) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw BulkException.usage("cannot create DynamoDB Local's folder " + stateDir + ": " + e.getMessage());
        }
        try (FileChannel channel = FileChannel.open(stateDir.resolve("server.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Optional<Status> running = status();
            if (running.isPresent()) {
                return running.get();
            }
            return start(inMemory, dataDir, port);
        } catch (IOException e) {
            throw BulkException.failed("cannot lock " + stateDir.resolve("server.lock") + ": " + e.getMessage(), e);
        }
    }

    private Status start(boolean inMemory, Path dataDir, int requestedPort) {
        Path lib = libraryDir();
        int port = requestedPort > 0 && isFree(requestedPort) ? requestedPort : freePort();
        try {
            Files.createDirectories(stateDir);
            if (!inMemory) {
                Files.createDirectories(dataDir);
            }
        } catch (IOException e) {
            throw BulkException.usage("cannot create DynamoDB Local's folder " + stateDir + ": " + e.getMessage());
        }
        Path log = stateDir.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + System.getProperty("bulk.ddblocal.heap", "2g"));
        command.add("-cp");
        command.add(lib.toAbsolutePath() + File.separator + "*");
        command.add(MAIN_CLASS);
        command.add("-port");
        command.add(String.valueOf(port));
        command.add("-sharedDb");
        command.add("-disableTelemetry");
        if (inMemory) {
            command.add("-inMemory");
        } else {
            command.add("-dbPath");
            command.add(dataDir.toAbsolutePath().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw BulkException.failed("could not start DynamoDB Local: " + e.getMessage(), e);
        }
        // Recorded before it answers, so a start interrupted here still leaves a server 'local stop' can find.
        writeState(process.pid(), port, inMemory, dataDir);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!answers(port)) {
            if (!process.isAlive()) {
                throw new BulkException(BulkException.Kind.FAILED,
                        "DynamoDB Local exited at start (code " + process.exitValue() + "); see " + log);
            }
            if (System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new BulkException(BulkException.Kind.FAILED, "DynamoDB Local did not answer on port " + port
                        + " within " + START_TIMEOUT_MILLIS / 1000 + " s; see " + log);
            }
            sleep(50);
        }
        return new Status(process.pid(), port, inMemory, inMemory ? null : dataDir, log, true);
    }

    private void writeState(long pid, int port, boolean inMemory, Path dataDir) {
        Properties properties = new Properties();
        properties.setProperty("pid", String.valueOf(pid));
        properties.setProperty("port", String.valueOf(port));
        properties.setProperty("inMemory", String.valueOf(inMemory));
        properties.setProperty("dataDir", inMemory ? "" : dataDir.toAbsolutePath().toString());
        try (var writer = Files.newBufferedWriter(stateDir.resolve("server.properties"), StandardCharsets.UTF_8)) {
            properties.store(writer, "bulk: the running DynamoDB Local server");
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            throw BulkException.failed("cannot write DynamoDB Local's state file: " + e.getMessage(), e);
        }
    }

    /** Stops the recorded server (even one that no longer answers); returns false when none was running. */
    public boolean stop() {
        Path file = stateDir.resolve("server.properties");
        long pid = -1;
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
                pid = Long.parseLong(properties.getProperty("pid", "-1"));
            } catch (IOException | NumberFormatException e) {
                pid = -1;
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is harmless: status() checks the process
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(MAIN_CLASS)).orElse(true));
        if (handle.isEmpty()) {
            return false;
        }
        handle.get().destroy();
        long deadline = System.currentTimeMillis() + 10_000;
        while (handle.get().isAlive() && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
        if (handle.get().isAlive()) {
            handle.get().destroyForcibly();
        }
        return true;
    }

    /**
     * DynamoDB Local's own dependency folder, built by the ddblocal module: -Dbulk.ddblocal.lib,
     * $BULK_DDBLOCAL_LIB, or ddblocal/target/lib next to the tool's jar (cli/target/bulk.jar).
     */
    public static Path libraryDir() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("bulk.ddblocal.lib");
        if (property != null) {
            candidates.add(Paths.get(property));
        }
        String env = System.getenv("BULK_DDBLOCAL_LIB");
        if (env != null && !env.isBlank()) {
            candidates.add(Paths.get(env));
        }
        try {
            Path codeSource = Paths.get(DynamoDbLocalServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // cli/target/bulk.jar or core/target/classes -> <repo>/ddblocal/target/lib
            candidates.add(codeSource.getParent().getParent().getParent().resolve("ddblocal/target/lib"));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): fall through to the working directory
        }
        candidates.add(Paths.get("ddblocal/target/lib"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate) && hasJars(candidate)) {
                return candidate;
            }
        }
        throw new BulkException(BulkException.Kind.FAILED, "DynamoDB Local is not installed here (looked in "
                + candidates + "); run ./bulk from the repository once, or mvn -q -pl ddblocal package");
    }

    private static boolean hasJars(Path dir) {
        File[] jars = dir.toFile().listFiles((d, name) -> name.startsWith("DynamoDBLocal") && name.endsWith(".jar"));
        return jars != null && jars.length > 0;
    }

    static boolean answers(int port) {
        if (port <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether nothing listens on the port: a successful bind says so. Asking whether the port
     * answers while still bound would reach this very socket and call every port taken.
     */
    static boolean isFree(int port) {
        if (answers(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw BulkException.failed("no free port for DynamoDB Local: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BulkException(BulkException.Kind.INTERRUPTED, "interrupted while waiting for DynamoDB Local");
        }
    }
}

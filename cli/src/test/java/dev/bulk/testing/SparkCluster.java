package dev.bulk.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for integration tests: one Master and N Workers, each a JVM of its own
 * started from a fake SPARK_HOME whose {@code jars/} links to the jars of a Spark distribution
 * ({@code sparkdist/target/spark-LINE-classpath.txt}, system property {@code bulk.spark.classpath}). Nothing of the tool is
 * on that classpath: its classes reach the executors only through the jar a driver ships ({@code spark.jars}).
 *
 * <p>Executors are child processes of their Worker (the Worker builds their command from {@code $SPARK_HOME/jars/*}
 * and {@code $SPARK_HOME/conf/java-opts}). Everything lives in one temp dir: logs, work dirs, local dirs, tmp;
 * {@link #close()} kills every process with its descendants and deletes it.
 */
public final class SparkCluster implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static final int LOG_TAIL_LINES = 40;
    /**
     * Small JVMs for Master and Workers (they only schedule): C1 and serial GC leave the cores to the work, no perf-data
     * file in /tmp, and a port that is taken makes the daemon exit (and the start fail with its log) instead of moving
     * to the next port, where the workers would never find the master.
     */
    private static final List<String> DAEMON_JVM_OPTS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Dspark.port.maxRetries=0");

    private final Path dir;
    private final Path sparkHome;
    private final String javaCommand;
    private final List<String> opens;
    private final int masterPort;
    private final int masterUiPort;
    private final List<Named> processes = new ArrayList<>();
    private final List<Named> workers = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private record Named(String name, Process process, Path log) {
    }

    private SparkCluster(Path dir) throws IOException {
        this.dir = dir;
        this.sparkHome = dir.resolve("spark-home");
        this.javaCommand = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String opensProperty = System.getProperty("bulk.test.jvmOpens", "").trim();
        this.opens = opensProperty.isEmpty() ? List.of() : Arrays.asList(opensProperty.split("\\s+"));
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        this.shutdownHook = new Thread(this::killAll, "spark-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a Master and {@code workerCount} Workers (2 cores, 2g each) and waits until all Workers are registered. */
    public static SparkCluster start(int workerCount) {
        Path dir;
        try {
            dir = Files.createTempDirectory("bulk-spark-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SparkCluster cluster = null;
        try {
            cluster = new SparkCluster(dir);
            cluster.layOutSparkHome();
            cluster.startMaster();
            for (int i = 0; i < workerCount; i++) {
                cluster.startWorker(i);
            }
            cluster.awaitWorkers(workerCount);
            return cluster;
        } catch (IOException | RuntimeException e) {
            String logs = cluster == null ? "" : cluster.logTails();
            if (cluster != null) {
                cluster.close();
            } else {
                deleteTree(dir);
            }
            throw new IllegalStateException("Spark cluster did not start: " + e.getMessage() + logs, e);
        }
    }

    /** The Spark home the cluster runs from: jars/ holds the distribution's jars only. */
    public Path sparkHome() {
        return sparkHome;
    }

    /** {@code spark://127.0.0.1:PORT} */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's web UI (its JSON state is at {@code /json/}). */
    public String masterUiUrl() {
        return "http://127.0.0.1:" + masterUiPort;
    }

    /**
     * The port of the master's web UI, for {@code --conf spark.master.ui.port=PORT}: the CLI asks the UI for the
     * master's Spark version, on port 8080 unless told otherwise.
     */
    public int masterUiPort() {
        return masterUiPort;
    }

    /** The processes started by Worker {@code i} that are alive now (its executors). */
    public List<ProcessHandle> executorsOf(int i) {
        return workers.get(i).process().toHandle().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Everything the executors of Worker {@code i} logged so far (Spark's INFO log, e.g. "Running task 0.0 in stage 0.0"),
     * from {@code work-i/<app>/<executor>/stderr}.
     */
    public String executorLog(int i) {
        Path work = dir.resolve("work-" + i);
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        } catch (IOException | UncheckedIOException e) {
            text.append("(unreadable: ").append(e.getMessage()).append(")");
        }
        return text.toString();
    }

    /** Kills Worker {@code i} and its executors at once (SIGKILL), as when a machine is lost, and waits for them to exit. */
    public void killWorker(int i) {
        kill(workers.get(i).process().toHandle());
    }

    /** The number of Workers the Master counts as alive now (-1 when it does not answer). */
    public int aliveWorkers() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(masterUiUrl() + "/json/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = ALIVE_WORKERS.matcher(response.body());
            return response.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last lines of every process's log (for assertion messages). */
    public String logTails() {
        StringBuilder text = new StringBuilder();
        for (Named named : processes) {
            text.append("\n--- ").append(named.name()).append(" (").append(named.process().isAlive() ? "running" : "exited "
                    + named.process().exitValue()).append("), last lines of ").append(named.log()).append(" ---\n");
            text.append(tail(named.log()));
        }
        return text.toString();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        deleteTree(dir);
    }

    private void layOutSparkHome() throws IOException {
        String listFile = System.getProperty("bulk.spark.classpath");
        if (listFile == null || !Files.isRegularFile(Path.of(listFile))) {
            throw new IllegalStateException("system property bulk.spark.classpath must name a sparkdist/target/spark-LINE-classpath.txt"
                    + " (build with mvn from the project root), got " + listFile);
        }
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Set<String> names = new HashSet<>();
        for (String entry : Files.readString(Path.of(listFile), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (entry.contains("awssdk") || name.startsWith("picocli") || name.startsWith("datafaker") || name.startsWith("bulk")) {
                throw new IllegalStateException("the Spark distribution classpath holds a jar of the tool's own: " + entry);
            }
            if (!names.add(name)) {
                throw new IllegalStateException("two jars named " + name + " in " + listFile);
            }
            Files.createSymbolicLink(jars.resolve(name), jar);
        }
        // Read by Spark's launcher for every executor command it builds: keeps executors' temp files in this dir.
        Path conf = Files.createDirectories(sparkHome.resolve("conf"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(conf.resolve("java-opts"), "-Djava.io.tmpdir=" + tmp + " -XX:-UsePerfData\n");
        Files.createDirectories(dir.resolve("local"));
        Files.createDirectories(dir.resolve("logs"));
    }

    private void startMaster() throws IOException {
        launch("master", "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)));
    }

    private void startWorker(int i) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work-" + i));
        workers.add(launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                "--cores", "2", "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString(),
                masterUrl())));
    }

    private Named launch(String name, String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(DAEMON_JVM_OPTS);
        command.addAll(opens);
        command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        command.add("-cp");
        command.add(sparkHome.resolve("conf") + File.pathSeparator + sparkHome.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Path log = dir.resolve("logs").resolve(name + ".log");
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Nothing from the machine's own Spark or Hadoop set-up: the launcher would add it to executors' classpath.
        env.keySet().removeIf(key -> key.startsWith("SPARK_") || key.equals("HADOOP_CONF_DIR") || key.equals("YARN_CONF_DIR"));
        env.put("SPARK_HOME", sparkHome.toString());
        // the Scala version of the Spark line the classpath file lists (set beside it by the pom)
        env.put("SPARK_SCALA_VERSION", System.getProperty("bulk.spark.scala", "2.13"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        // The launcher takes JAVA_HOME before java.home for executors: the same java as this test.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Named named = new Named(name, builder.start(), log);
        processes.add(named);
        return named;
    }

    private void awaitWorkers(int expected) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        int alive = -1;
        while (System.nanoTime() < deadline) {
            for (Named named : processes) {
                if (!named.process().isAlive()) {
                    throw new IllegalStateException(named.name() + " exited with code " + named.process().exitValue());
                }
            }
            alive = aliveWorkers();
            if (alive == expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the workers", e);
            }
        }
        throw new IllegalStateException("after " + START_DEADLINE.toSeconds() + " s the master at " + masterUiUrl() + " counts "
                + (alive < 0 ? "no answer" : alive + " alive workers") + ", expected " + expected);
    }

    private synchronized void killAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            kill(processes.get(i).process().toHandle());
        }
    }

    /** SIGKILL to a process and all its descendants (collected first: killed children would be re-parented). */
    private static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's checks; keep killing the others
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) + "\n";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")\n";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and what is below it, never following links (the ITs' work folders too). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        // walk does not follow symbolic links: the jar links are deleted, never the jars in ~/.m2
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}

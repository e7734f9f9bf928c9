package dev.bulk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the built jar ({@code cli/target/bulk.jar}, system property {@code bulk.jar}) as a user would: its own JVM,
 * {@code java -jar}, with the JVM flags of the {@code ./bulk} launcher. Output goes to files (no pipe to fill up) in a
 * folder of the caller's, which is also the working directory (so {@code ./bulk-output} lands there).
 */
public final class JarCli {
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** The outcome of one command. */
    public record Result(int exitCode, String out, String err, Duration took) {
        public String all() {
            return out + err;
        }

        /** For assertion messages. */
        public String describe() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /** A command still running. */
    public static final class Running {
        private final Process process;
        private final Path out;
        private final Path err;
        private final long startNanos;

        private Running(Process process, Path out, Path err, long startNanos) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.startNanos = startNanos;
        }

        public ProcessHandle handle() {
            return process.toHandle();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for the exit; past the timeout the command (and its children) is killed and an error thrown. */
        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    throw new AssertionError("bulk did not finish within " + timeout.toSeconds() + " s\n--- stdout ---\n" + read(out)
                            + "\n--- stderr ---\n" + read(err));
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            return new Result(process.exitValue(), read(out), read(err), Duration.ofNanos(System.nanoTime() - startNanos));
        }

        /** Text written to stderr so far. */
        public String errSoFar() {
            return read(err);
        }

        public void kill() {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private JarCli() {
    }

    /** Starts {@code java -jar bulk.jar ARGS} in {@code workDir}. */
    public static Running start(Path workDir, String... args) {
        return start(workDir, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with extra environment variables. */
    public static Running start(Path workDir, java.util.Map<String, String> env, String... args) {
        return startJar(jar("bulk.jar"), workDir, env, args);
    }

    /**
     * Starts {@code java -jar JAR ARGS} in {@code workDir}, for a jar other than the module's own (the other Spark
     * line's, from a system property that {@link #jar(String)} reads).
     */
    public static Running startJar(Path jar, Path workDir, java.util.Map<String, String> env, String... args) {
        List<String> command = java();
        // as the ./bulk launcher runs it
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return launch(workDir, command, env);
    }

    /** The built jar a system property names ({@code bulk.jar}: the one the module builds); fails when it is not there. */
    public static Path jar(String property) {
        String jar = System.getProperty(property);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property " + property + " must name a built jar (cli/target/bulk.jar, "
                    + "cli-spark-3.5/target/bulk-spark-3.5.jar), got " + jar);
        }
        return Path.of(jar);
    }

    /**
     * Runs the jar the way a cluster's own launcher does: {@code spark-submit --master MASTER --class
     * dev.bulk.cli.Main bulk.jar ARGS}, i.e. Spark's SparkSubmit on a classpath of the distribution's jars
     * only, with the module's jar ({@code bulk.jar}: cli's, or cli-spark-3.5's bulk-spark-3.5.jar) as the
     * application jar.
     */
    public static Running submit(Path workDir, Path sparkHome, String master, String... args) {
        List<String> command = java();
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--class", "dev.bulk.cli.Main", jar("bulk.jar").toString()));
        command.addAll(List.of(args));
        return launch(workDir, command, java.util.Map.of());
    }

    private static List<String> java() {
        List<String> command = new ArrayList<>(CliProcess.signalDefaults());
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        String opens = System.getProperty("bulk.test.jvmOpens", "").trim();
        if (!opens.isEmpty()) {
            command.addAll(Arrays.asList(opens.split("\\s+")));
        }
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xss4m"));
        String ddbLocal = System.getProperty("bulk.ddblocal.lib");
        if (ddbLocal != null) {
            command.add("-Dbulk.ddblocal.lib=" + ddbLocal); // for --local
        }
        return command;
    }

    private static Running launch(Path workDir, List<String> command, java.util.Map<String, String> env) {
        int run = RUNS.incrementAndGet();
        Path out = workDir.resolve("run-" + run + ".out");
        Path err = workDir.resolve("run-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("BULK_HOME", workDir.resolve(".bulk").toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        try {
            return new Running(builder.start(), out, err, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code java -jar bulk.jar ARGS} in {@code workDir} and waits for it. */
    public static Result run(Path workDir, Duration timeout, String... args) {
        return start(workDir, args).await(timeout);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}

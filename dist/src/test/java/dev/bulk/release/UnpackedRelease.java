package dev.bulk.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The release tarball unpacked with {@code tar} into a fresh folder under java.io.tmpdir, outside the repository, as
 * a user would unpack a download: once per test JVM, removed when the JVM exits. Commands run as separate processes
 * with their output in files (no pipe to fill up).
 */
final class UnpackedRelease {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static UnpackedRelease instance;

    private final Path home;

    /** The outcome of one command. */
    record Result(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private UnpackedRelease(Path home) {
        this.home = home;
    }

    static synchronized UnpackedRelease get() {
        if (instance == null) {
            try {
                Path parent = Files.createTempDirectory("bulk-release-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(parent)));
                Result untar = run(parent, List.of("tar", "-xzf", tarball().toString(), "-C", parent.toString()), Map.of(),
                        Duration.ofMinutes(2));
                if (untar.exitCode() != 0) {
                    throw new IllegalStateException("tar failed: " + untar.describe());
                }
                instance = new UnpackedRelease(parent.resolve("bulk-" + version()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** dist/target/release, where the build put the release files. */
    static Path releaseDir() {
        return Paths.get(property("bulk.release.dir"));
    }

    /** The project's version, e.g. 0.1.0-SNAPSHOT. */
    static String version() {
        return property("bulk.version");
    }

    static Path tarball() {
        return releaseDir().resolve("bulk-" + version() + ".tar.gz");
    }

    /** The repository's own launcher, ./bulk. */
    static Path repoLauncher() {
        return Paths.get(property("bulk.repo.launcher")).toAbsolutePath().normalize();
    }

    /** The unpacked bulk-VERSION folder. */
    Path home() {
        return home;
    }

    /** Runs the release's bin/bulk in {@code workDir} with the environment changes ({@code null} removes a variable). */
    Result bulk(Path workDir, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/bulk").toString());
        command.addAll(List.of(args));
        return run(workDir, command, env, timeout);
    }

    static Result run(Path workDir, List<String> command, Map<String, String> env, Duration timeout) {
        int run = RUNS.incrementAndGet();
        Path out = workDir.resolve("run-" + run + ".out");
        Path err = workDir.resolve("run-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // as a user's shell would have it: nothing that points into the repository's build
        builder.environment().remove("BULK_DDBLOCAL_LIB");
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getValue() == null) {
                builder.environment().remove(entry.getKey());
            } else {
                builder.environment().put(entry.getKey(), entry.getValue());
            }
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + " s\n--- stdout ---\n"
                        + read(out) + "\n--- stderr ---\n" + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (dist/pom.xml's failsafe sets it)");
        }
        return value;
    }
}

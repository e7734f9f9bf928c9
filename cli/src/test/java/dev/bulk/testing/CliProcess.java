package dev.bulk.testing;

import dev.bulk.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs the CLI in a JVM of its own, on this test's classes: for tests that
 * must signal the process (Ctrl-C) or give it an environment of its own.
 */
public final class CliProcess {
    /**
     * A test run started in the background by a non-interactive shell inherits SIGINT as ignored, and
     * a JVM started so cannot take SIGINT at all; GNU env's --default-signal gives the child the
     * default disposition back, so Ctrl-C tests mean the same however the suite was started.
     */
    private static final boolean ENV_RESETS_SIGNALS = envResetsSignals();

    private CliProcess() {
    }

    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(signalDefaults());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("bulk.test.jvmOpens", "").split(" ")));
        command.removeIf(String::isBlank);
        if (System.getProperty("bulk.home") != null) {
            // the test JVM's bulk home (the build's), not the user's ~/.bulk
            command.add("-Dbulk.home=" + System.getProperty("bulk.home"));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        return command;
    }

    /** What goes before a child's command so that it takes SIGINT (see above); JarCli's children too. */
    public static List<String> signalDefaults() {
        return ENV_RESETS_SIGNALS ? List.of("env", "--default-signal=INT") : List.of();
    }

    private static boolean envResetsSignals() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.bulk.cli;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.Redaction;
import dev.bulk.engine.SparkEngine;
import dev.bulk.verbs.Console;
import dev.bulk.verbs.EngineOptions;
import java.io.PrintStream;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point. {@link #run} returns the exit code; only {@link #main} exits the JVM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(System.out, System.err, args);
        System.out.flush();
        System.err.flush();
        if (launchedInClusterMode()) {
            // spark-submit --deploy-mode cluster runs main inside YARN's application master (or a
            // Kubernetes driver pod), which decides the final status from how main ends:
            // System.exit there would be reported as a failure and retried. So return on success,
            // and throw on failure so the application is marked FAILED with the reason.
            if (code != 0) {
                throw new IllegalStateException("bulk finished with exit code " + code + " (see the messages above)");
            }
            return;
        }
        System.exit(code);
    }

    /** True when spark-submit started this driver in cluster deploy mode. */
    static boolean launchedInClusterMode() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        SparkEngine.quietLogging(Arrays.stream(args).anyMatch(EngineOptions.VERBOSE_FLAGS::contains));
        CommandLine commandLine = new CommandLine(new RootCommand());
        // Verbs find these through their @Spec (Console.of), as the streams given here.
        commandLine.setOut(Console.writer(out));
        commandLine.setErr(Console.writer(err));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            // One line naming the flag and the value; no usage dump.
            err.println("bulk: " + Redaction.redact(UsageLine.of(exception)));
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> report(err, exception));
        return commandLine.execute(args);
    }

    /**
     * The error as the user knows its subject: the flag that chose it. A verb with two tables has
     * already named the second one's (--table2, --dest-table); everything else is named here.
     */
    static BulkException named(BulkException error) {
        if (error.subject() == null || error.named()) {
            return error;
        }
        return switch (error.subject()) {
            case TABLE -> error.namedAs("--table");
            case INDEX -> error.namedAs("--index");
            case ENDPOINT -> error.namedAs("--endpoint");
            case CREDENTIALS -> error.namedAs("--profile");
            case PITR_CHECK -> error.namedAs("--skip-pitr-check");
            case SCHEMA -> error.namedAs("--schema");
        };
    }

    static int report(PrintStream err, Exception exception) {
        BulkException bulk = BulkException.findIn(exception);
        if (bulk != null) {
            err.println("bulk: " + Redaction.redact(named(bulk).getMessage()));
            return bulk.kind().exitCode();
        }
        err.println("bulk: failed: " + Redaction.redact(String.valueOf(exception)));
        if (Boolean.getBoolean("bulk.stacktrace") || System.getenv("BULK_STACKTRACE") != null) {
            exception.printStackTrace(err);
        } else {
            err.println("(set BULK_STACKTRACE=1 for the stack trace)");
        }
        return ExitCodes.FAILED;
    }
}

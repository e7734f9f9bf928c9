package dev.bulk.cli;

import dev.bulk.BulkException;
import dev.bulk.engine.SparkEngine;
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
        System.exit(code);
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        SparkEngine.quietLogging(Arrays.asList(args).contains("--verbose"));
        RootCommand root = new RootCommand(out, err);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            // One line naming the flag and the value; no usage dump.
            err.println("bulk: " + exception.getMessage());
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> report(err, exception));
        return commandLine.execute(args);
    }

    static int report(PrintStream err, Exception exception) {
        BulkException bulk = BulkException.findIn(exception);
        if (bulk != null) {
            err.println("bulk: " + bulk.getMessage());
            return bulk.kind().exitCode();
        }
        err.println("bulk: failed: " + exception);
        if (Boolean.getBoolean("bulk.stacktrace") || System.getenv("BULK_STACKTRACE") != null) {
            exception.printStackTrace(err);
        } else {
            err.println("(set BULK_STACKTRACE=1 for the stack trace)");
        }
        return ExitCodes.FAILED;
    }
}

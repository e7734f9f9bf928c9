package dev.bulk.cli;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.Redaction;
import dev.bulk.Timeline;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.engine.SparkEngine;
import dev.bulk.verbs.Console;
import dev.bulk.verbs.EngineOptions;
import dev.bulk.verbs.JsonResult;
import dev.bulk.verbs.TableVerb;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

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
        Timeline.reset();
        boolean verbose = Arrays.stream(args).anyMatch(EngineOptions.VERBOSE_FLAGS::contains);
        SparkEngine.quietLogging(verbose);
        // While picocli reads the command line on this core, the other loads the SDK's classes.
        DynamoClients.warmUpInBackground();
        CommandLine commandLine = new CommandLine(new RootCommand());
        // Verbs find these through their @Spec (Console.of), as the streams given here.
        commandLine.setOut(Console.writer(out));
        commandLine.setErr(Console.writer(err));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // The error line printed, for --json's object (the line the user saw, flags named).
        String[] error = new String[1];
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            // One line naming the flag and the value; no usage dump.
            error[0] = Redaction.redact(UsageLine.of(exception));
            err.println("bulk: " + error[0]);
            CommandLine refused = exception.getCommandLine();
            if (json(refused) == null && refused.getCommandSpec().findOption("--json") != null
                    && Arrays.asList(args).contains("--json")) {
                // Refused while its flags were read: the verb never ran, but --json still promised one object.
                JsonResult.printRefused(out, refused.getCommandName(), List.of(args), error[0]);
            }
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            error[0] = errorLine(exception);
            return report(err, exception);
        });
        int code = commandLine.execute(args);
        if (verbose) {
            Timeline.report().forEach(err::println);
        }
        JsonResult json = json(ran(commandLine));
        if (json != null) {
            json.print(code, error[0]);
        }
        return code;
    }

    /** The verb the command line ran (the innermost command parsed), or null when parsing failed. */
    private static CommandLine ran(CommandLine root) {
        ParseResult parsed = root.getParseResult();
        if (parsed == null) {
            return null;
        }
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().commandLine();
    }

    /** The --json result of a table verb that ran with --json, else null. */
    private static JsonResult json(CommandLine command) {
        Object verb = command == null ? null : command.getCommandSpec().userObject();
        return verb instanceof TableVerb table ? table.json() : null;
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

    /** The error as one line, without the "bulk: " it is printed after. */
    static String errorLine(Exception exception) {
        BulkException bulk = BulkException.findIn(exception);
        return Redaction.redact(bulk != null ? named(bulk).getMessage() : "failed: " + exception);
    }

    static int report(PrintStream err, Exception exception) {
        err.println("bulk: " + errorLine(exception));
        BulkException bulk = BulkException.findIn(exception);
        if (bulk != null) {
            return bulk.kind().exitCode();
        }
        if (Boolean.getBoolean("bulk.stacktrace") || System.getenv("BULK_STACKTRACE") != null) {
            exception.printStackTrace(err);
        } else {
            err.println("(set BULK_STACKTRACE=1 for the stack trace)");
        }
        return ExitCodes.FAILED;
    }
}

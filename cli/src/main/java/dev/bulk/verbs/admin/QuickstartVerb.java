package dev.bulk.verbs.admin;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.local.DynamoDbLocalServer;
import dev.bulk.verbs.Console;
import dev.bulk.verbs.NumItemsOption;
import dev.bulk.verbs.TargetOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"A tour on DynamoDB Local and local Spark (no AWS account needed): a demo table, filled and counted.",
                "Creates a demo table, fills it, counts it three ways (full, per segment, sampled), and prints what to try next.",
                "Each step is an ordinary bulk command, printed before it runs."})
public final class QuickstartVerb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = "bulk-quickstart",
            description = "Demo table to (re)create (default: ${DEFAULT-VALUE}).")
    String table;

    @Mixin
    NumItemsOption numItemsOption;

    @Override
    public Integer call() {
        Long numItems = numItemsOption.numItems();
        PrintStream out = Console.of(spec).out();
        long start = System.nanoTime();
        DynamoDbLocalServer.Status server = localServer();
        long items = numItems != null ? numItems : server.inMemory() ? 100_000 : 20_000;
        // Every step is a segment job, which runs on the direct engine: no Spark session to start.
        dropIfPresent();
        step(out, "create-table", "--local", "--table", table, "--pk", "pk:S", "--sk", "sk:S");
        step(out, "fill", "--local", "--table", table, "--generator", "default", "--numitems", String.valueOf(items));
        step(out, "scancount", "--local", "--table", table);
        step(out, "scancount", "--local", "--table", table, "--per-segment", "--segments", "16");
        step(out, "scancount", "--local", "--table", table, "--sample-fraction", "0.25");
        step(out, "count", "--local", "--table", table);
        out.println();
        out.println(String.format("Quickstart done in %.1f s. Try next:", (System.nanoTime() - start) / 1e9));
        out.println("  ./bulk scancount --local --table " + table + " --filter-expression \"attribute_exists(payload)\"");
        out.println("  ./bulk find --local --table " + table + " --where \"payload is not null\" --orderby sk desc --limit 5");
        out.println("  ./bulk sql --local --table " + table + " --query \"SELECT length(payload) AS len, count(*) AS items FROM `" + table
                + "` GROUP BY 1\"");
        out.println("  ./bulk fill --local --table " + table + " --generator scripts/fill/example.java --numitems 1000");
        out.println("  ./bulk count --local --table " + table + " --dry-run        # plan and cost only");
        out.println("  ./bulk local status                                   # where the data lives");
        out.println("  ./bulk --help                                         # every verb");
        return ExitCodes.OK;
    }

    private void step(PrintStream out, String... args) {
        List<String> shown = new ArrayList<>(List.of(args));
        out.println();
        out.println("$ ./bulk " + String.join(" ", shown.stream().map(QuickstartVerb::quote).toList()));
        int code = commandLine().execute(args);
        if (code != 0) {
            BulkException.Kind kind = code == 130 ? BulkException.Kind.INTERRUPTED
                    : code == 2 ? BulkException.Kind.USAGE : BulkException.Kind.FAILED;
            throw new BulkException(kind, "quickstart step '" + args[0] + "' ended with exit code " + code);
        }
    }

    /**
     * A command line like the one this verb runs in: the root command, with this verb's streams and
     * handlers (one line for bad input, exit codes from the exceptions), so each step is the
     * ordinary command. A new one, since the running one is in the middle of this verb.
     */
    private CommandLine commandLine() {
        CommandLine running = spec.commandLine();
        CommandLine step = new CommandLine(spec.root().userObject().getClass());
        step.setOut(running.getOut());
        step.setErr(running.getErr());
        step.setCaseInsensitiveEnumValuesAllowed(running.isCaseInsensitiveEnumValuesAllowed());
        step.setParameterExceptionHandler(running.getParameterExceptionHandler());
        step.setExecutionExceptionHandler(running.getExecutionExceptionHandler());
        return step;
    }

    /**
     * The tour needs speed more than persistence: with no server running it starts one in memory
     * (about 5x faster writes than on disk here); a running server is used as it is.
     */
    private DynamoDbLocalServer.Status localServer() {
        DynamoDbLocalServer server = DynamoDbLocalServer.standard();
        java.util.Optional<DynamoDbLocalServer.Status> running = server.status();
        if (running.isPresent()) {
            if (!running.get().inMemory()) {
                Console.of(spec).err().println("DynamoDB Local is running with data on disk (about 5x slower writes): the tour fills "
                        + "20,000 items unless --numitems says otherwise.");
            }
            return running.get();
        }
        DynamoDbLocalServer.Status started = server.ensureRunning(true, null, DynamoDbLocalServer.DEFAULT_PORT);
        Console.of(spec).err().println("Started DynamoDB Local in memory at " + started.endpoint() + " for the tour (it keeps running; "
                + "'bulk local stop' stops it and drops its data; 'bulk local start' alone keeps data on disk).");
        return started;
    }

    private void dropIfPresent() {
        dev.bulk.dynamo.ClientSettings settings = new TargetOptions().settingsForLocal(Console.of(spec).err());
        new DynamoSession(settings).deleteTableIfExists(table);
    }

    private static String quote(String arg) {
        return arg.contains(" ") || arg.contains("\"") ? "\"" + arg.replace("\"", "\\\"") + "\"" : arg;
    }
}

package dev.bulk.verbs.admin;

import dev.bulk.ExitCodes;
import dev.bulk.local.DynamoDbLocalServer;
import dev.bulk.verbs.Console;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs the project's DynamoDB Local as a background server on 127.0.0.1 (its own JVM).",
                "Default: data kept on disk in ~/.bulk/local/data ($BULK_HOME/local/data). --in-memory is about 5x faster",
                "for writes but loses the data when the server stops. --local on any verb starts it (on disk) if none runs."},
        subcommands = {LocalVerb.Start.class, LocalVerb.Stop.class, LocalVerb.Status.class})
public final class LocalVerb implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Status.print(Console.of(spec));
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts DynamoDB Local unless it runs already.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--in-memory", description = "Keep the data in memory only (faster; gone when the server stops).")
        boolean inMemory;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder for the data (default: ~/.bulk/local/data).")
        Path dataDir;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
                description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; a free one is chosen if it is taken).")
        int port;

        @Override
        public Integer call() {
            if (port < 1 || port > 65535) {
                throw dev.bulk.BulkException.usage("--port: must be between 1 and 65535, got " + port);
            }
            DynamoDbLocalServer server = DynamoDbLocalServer.standard();
            Path dir = dataDir != null ? dataDir : server.defaultDataDir();
            DynamoDbLocalServer.Status status = server.ensureRunning(inMemory, dir, port);
            if (!status.startedNow()) {
                Console.of(spec).out().println("DynamoDB Local already running at " + status.endpoint() + " ("
                        + describe(status) + ")");
                return ExitCodes.OK;
            }
            Console.of(spec).out().println("DynamoDB Local started at " + status.endpoint() + " (" + describe(status) + ", pid "
                    + status.pid() + (status.port() == port ? "" : "; port " + port + " was taken") + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops DynamoDB Local.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean stopped = DynamoDbLocalServer.standard().stop();
            Console.of(spec).out().println(stopped ? "DynamoDB Local stopped." : "DynamoDB Local was not running.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Tells whether DynamoDB Local runs, where, and with what data.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return print(Console.of(spec));
        }

        static int print(Console console) {
            Optional<DynamoDbLocalServer.Status> running = DynamoDbLocalServer.standard().status();
            if (running.isEmpty()) {
                console.out().println("DynamoDB Local is not running ('bulk local start' or any verb with --local starts it).");
                return ExitCodes.OK;
            }
            DynamoDbLocalServer.Status status = running.get();
            console.out().println("DynamoDB Local running at " + status.endpoint() + " (" + describe(status) + ", pid "
                    + status.pid() + ", log " + status.logFile() + ")");
            return ExitCodes.OK;
        }
    }

    static String describe(DynamoDbLocalServer.Status status) {
        return status.inMemory() ? "in memory" : "data in " + Paths.get(String.valueOf(status.dataDir())).toAbsolutePath();
    }
}

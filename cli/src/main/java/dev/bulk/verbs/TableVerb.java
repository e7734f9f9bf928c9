package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.Redaction;
import dev.bulk.cli.EngineOptions;
import dev.bulk.cli.RateOptions;
import dev.bulk.cli.Console;
import dev.bulk.cli.TargetOptions;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.Pricing;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.EngineSettings;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.SparkEngine;
import dev.bulk.output.RunContext;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every table verb shares: where the table is, the engine, the budget, the output folder,
 * the table-info block and cost estimate before the work, and summary.json after it.
 */
abstract class TableVerb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    EngineOptions engine;

    @Mixin
    RateOptions rates;

    @Mixin
    RunOptions runOptions;

    private CompletableFuture<SparkSession> spark;
    /** A session someone else started (quickstart) is theirs to stop. */
    private boolean sessionWasActive;

    /** Validates flags (no I/O) — every usage error a verb can find without the table. */
    abstract void validate();

    /** Does the work; returns the exit code. */
    abstract int execute(RunContext run) throws Exception;

    @Override
    public final Integer call() throws Exception {
        validate();
        OutputCheck.notAFile(runOptions.output);
        RunContext run = newRun(spec.commandLine().getParseResult().originalArgs());
        try {
            int code = execute(run);
            run.writeSummary(code == ExitCodes.OK ? "succeeded" : code == ExitCodes.PARTIAL ? "partial" : "failed", code, null);
            return code;
        } catch (BulkException e) {
            if (e.kind() != BulkException.Kind.USAGE) {
                run.writeSummary(e.kind() == BulkException.Kind.INTERRUPTED ? "interrupted" : "failed", e.kind().exitCode(),
                        e.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            run.writeSummary("failed", ExitCodes.FAILED, JobFailures.rootMessage(e));
            throw e;
        } finally {
            stopSpark();
        }
    }

    /** The run's id and folder: a new one; a verb that resumes runs returns the earlier run's. */
    RunContext newRun(java.util.List<String> arguments) {
        return new RunContext(spec.name(), arguments, runOptions.output, out(), err());
    }

    /** A table name or ARN given to {@code flag}; a usage error naming the flag if it is neither. */
    static TableRef parseTable(String flag, String value) {
        try {
            return TableRef.parse(value);
        } catch (IllegalArgumentException e) {
            throw BulkException.usage(flag + ": '" + value + "': " + e.getMessage());
        }
    }

    /** The segment count: --segments, else planned from the table and the engine's task slots. */
    int segmentCount(Integer segments, TableInfo table) {
        if (segments != null) {
            return segments;
        }
        int parallelism = engine.settings().isLocal() ? Runtime.getRuntime().availableProcessors()
                : spark().sparkContext().defaultParallelism();
        return SegmentPlanner.plan(table.sizeBytes(), table.itemCount(), parallelism);
    }

    /** A table to read, described, with its info block printed and its read budget resolved. */
    record ReadTarget(ClientSettings settings, TableInfo info, Throughput rate) {
    }

    /** What every reading verb does first: client, Spark starting in the background, describe, info block, budget. */
    ReadTarget openForRead(TableRef ref, String index) {
        Opened opened = open(ref, index);
        return new ReadTarget(opened.settings(), opened.info(), resolveRate(Throughput.Mode.READ, opened.info(), opened.session()));
    }

    /** A table described and its info printed, with the session that described it. */
    record Opened(ClientSettings settings, DynamoSession session, TableInfo info) {
    }

    /** Describes the table (or index) and prints its info block; Spark starts meanwhile. */
    Opened open(TableRef ref, String index) {
        ClientSettings settings = clientSettings(ref);
        startSparkEarly();
        DynamoSession session = new DynamoSession(settings);
        TableInfo info = session.describe(ref, index);
        printTableInfo(info, settings);
        return new Opened(settings, session, info);
    }

    /**
     * Client settings of one side of a two-table verb (copy, diff): its own --SIDE-endpoint/-region/-profile,
     * else the shared ones (--local, --endpoint, --region, --profile); a table ARN's region wins.
     */
    ClientSettings sideSettings(String side, TableRef ref, String endpoint, String region, String profile) {
        if (endpoint == null && region == null && profile == null) {
            return clientSettings(ref);
        }
        TargetOptions.validateRegion("--" + side + "-region", region);
        TargetOptions.requireProfile("--" + side + "-profile", profile);
        TargetOptions.validateRegion("--region", target.region());
        TargetOptions.requireProfile("--profile", target.profile());
        String chosenProfile = profile != null ? profile : target.profile();
        String chosenRegion = ref.region() != null ? ref.region() : region != null ? region : target.region();
        String chosenEndpoint = endpoint != null ? endpoint : target.endpoint();
        if (chosenEndpoint == null && target.local()) {
            return target.settingsForLocal(err());
        }
        if (chosenEndpoint != null) {
            return ClientSettings.endpoint(chosenEndpoint, chosenRegion == null ? "us-east-1" : chosenRegion, chosenProfile);
        }
        return ClientSettings.aws(chosenRegion != null ? chosenRegion
                : TargetOptions.defaultRegion(chosenProfile, "--" + side + "-region"), chosenProfile);
    }

    /** DescribeTable of one side of a two-table verb; a missing table is a usage error naming that side's flag. */
    static TableInfo describeSide(String flag, TableRef ref, DynamoSession session) {
        try {
            return session.describe(ref, null);
        } catch (BulkException e) {
            throw e.subject() == BulkException.Subject.TABLE ? e.namedAs(flag) : e;
        }
    }

    PrintStream out() {
        return Console.of(spec).out();
    }

    PrintStream err() {
        return Console.of(spec).err();
    }

    ClientSettings clientSettings(TableRef table) {
        EngineSettings engineSettings = engine.settings();
        if (!engineSettings.executorsOnThisMachine()) {
            if (target.local()) {
                throw BulkException.usage("--local: the project's DynamoDB Local listens on this machine's loopback address "
                        + "(127.0.0.1), which the executors of --master " + engineSettings.master() + " cannot reach; use --local "
                        + "only with local Spark or a standalone master on 127.0.0.1, or start a server they can reach and "
                        + "pass --endpoint http://ADDRESS:PORT");
            }
            if (target.endpointIsLoopback()) {
                err().println("bulk: warning: --endpoint " + Redaction.redact(target.endpoint()) + " is a loopback address: executors of --master "
                        + engineSettings.master() + " on other machines will not reach it");
            }
        }
        ClientSettings settings = target.settings(table, err());
        if (engine.settings().isLocal()) {
            // Tasks of a local run share this JVM's client: build it while the driver plans.
            CompletableFuture.runAsync(() -> DynamoClients.get(settings));
        }
        return settings;
    }

    /** Starts Spark in the background so its ~2 s start overlaps DescribeTable and planning. */
    void startSparkEarly() {
        EngineSettings settings = engine.settings();
        if (spark == null) {
            // An unreachable master fails here, in seconds, before anything else happens.
            SparkEngine.checkMasterReachable(settings);
            sessionWasActive = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
            spark = CompletableFuture.supplyAsync(() -> SparkEngine.start(settings));
        }
    }

    SparkSession spark() {
        startSparkEarly();
        try {
            return spark.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BulkException(BulkException.Kind.INTERRUPTED, "interrupted while starting Spark");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BulkException bulk) {
                throw bulk;
            }
            String where = engine.settings().master() == null ? "local Spark" : "Spark master " + engine.settings().master();
            throw new BulkException(BulkException.Kind.FAILED, "could not start " + where + ": " + cause.getMessage(), cause);
        }
    }

    private void stopSpark() {
        if (spark == null || sessionWasActive) {
            return;
        }
        try {
            spark.get().stop();
        } catch (Exception e) {
            // the session never started; nothing to stop
        }
    }

    /** Runs this verb's Spark work: Ctrl-C and --XTimeout cancel it, progress shows on stderr, failures become one line. */
    JobRunner runner(SparkSession session, RunContext run) {
        return new JobRunner(session.sparkContext(), run, engine.settings().timeout(), new TerminalConsole(run.err()));
    }

    /** The table-info block every verb prints before working. */
    void printTableInfo(TableInfo table, ClientSettings settings) {
        PrintStream err = err();
        err.println("Table: '" + table.tableName() + "'" + (table.indexName() == null ? "" : "  Index: '" + table.indexName() + "'")
                + "  at " + settings.describe());
        err.println("  Key: " + table.keySchema() + "   Billing: " + (table.onDemand() ? "on-demand" : "provisioned")
                + (table.infrequentAccess() ? " (Standard-IA class)" : ""));
        if (table.onDemand()) {
            if (table.readCapacity() != null || table.writeCapacity() != null) {
                err.println("  Max read/write request units: " + orNone(table.readCapacity()) + " / " + orNone(table.writeCapacity()));
            }
        } else {
            err.println("  Provisioned RCU/WCU: " + orNone(table.readCapacity()) + " / " + orNone(table.writeCapacity()));
        }
        err.println(String.format("  Items (approx): %,d   Size: %,d bytes%s", table.itemCount(), table.sizeBytes(),
                settings.endpoint() == null ? "   (DynamoDB refreshes these about every 6 hours)" : ""));
    }

    Throughput resolveRate(Throughput.Mode mode, TableInfo table, DynamoSession session) {
        Double requested = mode == Throughput.Mode.READ ? rates.maxReadRate() : rates.maxWriteRate();
        Throughput throughput = Throughput.resolve(mode,
                requested == null ? null : Throughput.setBy(requested, mode == Throughput.Mode.READ ? "--XMaxReadRate" : "--XMaxWriteRate"),
                table, requested == null ? session.tableLimits() : null);
        err().println(throughput.describe(mode));
        if (throughput.rate() < 100 && requested != null) {
            err().println("  note: a low rate makes the job slow, but it holds: the limiter works from 1 unit/s up.");
        }
        return throughput;
    }

    CostEstimate printCost(Throughput.Mode mode, double units, TableInfo table, Throughput rate, String what) {
        Pricing pricing = Pricing.forRegion(table.region(), table.infrequentAccess(), rates.readPrice(), rates.writePrice());
        CostEstimate estimate = CostEstimate.of(mode, units, table, pricing, rate, what);
        estimate.lines().forEach(err()::println);
        return estimate;
    }

    private static String orNone(Long value) {
        return value == null ? "none" : String.format("%,d", value);
    }
}

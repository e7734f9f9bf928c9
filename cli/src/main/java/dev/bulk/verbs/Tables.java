package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.Redaction;
import dev.bulk.Timeline;
import dev.bulk.dynamo.AutoScaling;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.Pricing;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.DirectRunner;
import dev.bulk.engine.EngineSettings;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.MasterVersion;
import dev.bulk.engine.SparkEngine;
import dev.bulk.output.RunContext;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.sql.SparkSession;

/**
 * A verb's tables and Spark: the client of a table (or of one side of a two-table verb), the
 * table-info block and cost estimate before the work, the read and write budgets, and a local
 * Spark session started in the background so it overlaps DescribeTable and planning.
 */
public final class Tables {
    private final String verb;
    private final Console console;
    private final TargetOptions target;
    private final EngineOptions engine;
    private CompletableFuture<SparkSession> spark;
    /** True once {@link #chooseEngine} picked the direct engine: Spark is then never started. */
    private boolean direct;
    /** The engine chosen, as the table-info block's first line says it; null once said (or never chosen). */
    private String engineLine;
    /** A session someone else started (a program embedding the CLI, the tests) is theirs to stop. */
    private boolean sessionWasActive;

    Tables(String verb, Console console, TargetOptions target, EngineOptions engine) {
        this.verb = verb;
        this.console = console;
        this.target = target;
        this.engine = engine;
    }

    /** The verb's name, as its runs and jobs are labelled. */
    public String verb() {
        return verb;
    }

    public PrintStream out() {
        return console.out();
    }

    /** --XTimeout, or null for none. */
    public Duration timeout() {
        return engine.settings().timeout();
    }

    /** A table name or ARN given to {@code flag}; a usage error naming the flag if it is neither. */
    public static TableRef parseTable(String flag, String value) {
        try {
            return TableRef.parse(value);
        } catch (IllegalArgumentException e) {
            throw BulkException.usage(flag + ": '" + value + "': " + e.getMessage());
        }
    }

    /** The segment count: --segments, else planned from the table and the engine's task slots. */
    public int segmentCount(Integer segments, TableInfo table) {
        if (segments != null) {
            return segments;
        }
        int parallelism = engine.settings().isLocal() ? Runtime.getRuntime().availableProcessors()
                : spark().sparkContext().defaultParallelism();
        return SegmentPlanner.plan(table.sizeBytes(), table.itemCount(), parallelism);
    }

    /**
     * Picks what runs this verb's job (the table-info block says which); call it before {@link #open}, which
     * starts Spark only for the Spark engine. The direct engine runs a segment job on a thread pool
     * in this process: with no --master it does what local Spark does (the same units, budget and
     * files in the same JVM) without Spark's start and per-job cost.
     *
     * @param sparkOnly why this run needs Spark (e.g. "--where is evaluated by Spark SQL"), or null if its job is a segment job
     * @return true for the direct engine
     */
    public boolean chooseEngine(String sparkOnly) {
        EngineOptions.Engine choice = engine.engine();
        String master = engine.settings().master();
        if (choice == EngineOptions.Engine.DIRECT) {
            if (master != null) {
                throw BulkException.usage("--engine: 'direct' runs the job in this process and cannot run on --master " + master
                        + "; leave --engine out or use --engine spark");
            }
            if (sparkOnly != null) {
                throw BulkException.usage("--engine: 'direct' cannot run this " + verb + ": " + sparkOnly
                        + "; leave --engine out or use --engine spark");
            }
        }
        // Spark properties or its UI asked for mean the user wants Spark, so auto gives it to them.
        boolean sparkAskedFor = master != null || !engine.settings().conf().isEmpty() || engine.settings().ui();
        direct = choice == EngineOptions.Engine.DIRECT || choice == EngineOptions.Engine.AUTO && sparkOnly == null && !sparkAskedFor;
        // Said with the table's info, once the flags and the table have passed: a usage error stays one line.
        engineLine = direct ? "Engine: direct (a thread pool in this process; --engine spark runs it on Spark)"
                : "Engine: Spark (" + (master == null ? "local, in this process" : master) + ")";
        return direct;
    }

    /** True when {@link #chooseEngine} picked the direct engine. */
    public boolean direct() {
        return direct;
    }

    /**
     * The direct engine's runner for this run: Ctrl-C and --XTimeout stop it, progress shows on
     * stderr. As many units run at once as the default local Spark runs tasks, times
     * {@code threadsPerSlot} for a job whose Spark task runs several units at once (count: 4 segments).
     */
    public DirectRunner directRunner(RunContext run, int threadsPerSlot) {
        return new DirectRunner(run, timeout(), new TerminalConsole(run.err()), SparkEngine.localSlots() * threadsPerSlot);
    }

    /** The session of a verb on the Spark engine; null on the direct engine (which a null session means to the jobs). */
    public SparkSession sparkUnlessDirect() {
        return direct ? null : spark();
    }

    /** A table to read, described, with its info block printed and its read budget resolved. */
    public record ReadTarget(ClientSettings settings, TableInfo info, Throughput rate) {
    }

    /** What every reading verb does first: client, Spark starting in the background, describe, info block, budget. */
    public ReadTarget openForRead(TableRef ref, String index, ReadRateOptions rates) {
        Opened opened = open(ref, index);
        return new ReadTarget(opened.settings(), opened.info(), readRate(rates, opened.info(), opened.session()));
    }

    /** A table described and its info printed, with the session that described it. */
    public record Opened(ClientSettings settings, DynamoSession session, TableInfo info) {
    }

    /** Describes the table (or index) and prints its info block; Spark starts meanwhile. */
    public Opened open(TableRef ref, String index) {
        ClientSettings settings = Timeline.time("finding the endpoint and credentials settings", () -> clientSettings(ref));
        if (!direct) {
            startSparkEarly();
        }
        DynamoSession session = new DynamoSession(settings);
        TableInfo info = session.describe(ref, index);
        printTableInfo(info, settings);
        return new Opened(settings, session, info);
    }

    /**
     * Client settings of one side of a two-table verb (copy, diff): its own --SIDE-endpoint/-region/-profile,
     * else the shared ones (--local, --endpoint, --region, --profile); a table ARN's region wins.
     */
    public ClientSettings sideSettings(String side, TableRef ref, String endpoint, String region, String profile) {
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
    public static TableInfo describeSide(String flag, TableRef ref, DynamoSession session) {
        try {
            return session.describe(ref, null);
        } catch (BulkException e) {
            throw e.subject() == BulkException.Subject.TABLE ? e.namedAs(flag) : e;
        }
    }

    public PrintStream err() {
        return console.err();
    }

    public ClientSettings clientSettings(TableRef table) {
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
    public void startSparkEarly() {
        EngineSettings settings = engine.settings();
        if (spark == null) {
            // An unreachable master fails here, in seconds, before anything else happens.
            SparkEngine.checkMasterReachable(settings);
            MasterVersion.check(settings);
            sessionWasActive = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
            spark = CompletableFuture.supplyAsync(() -> Timeline.time("Spark session start (in the background)",
                    () -> SparkEngine.start(settings)));
        }
    }

    public SparkSession spark() {
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

    /** Stops the session this verb started; one it found running is left to its owner. */
    void stopSpark() {
        if (spark == null || sessionWasActive) {
            return;
        }
        try {
            SparkSession session = spark.get();
            Timeline.time("Spark session stop", session::stop);
        } catch (Exception e) {
            // the session never started; nothing to stop
        }
    }

    /** Runs this verb's Spark work: Ctrl-C and --XTimeout cancel it, progress shows on stderr, failures become one line. */
    public JobRunner runner(SparkSession session, RunContext run) {
        return new JobRunner(session.sparkContext(), run, engine.settings().timeout(), new TerminalConsole(run.err()));
    }

    /** The table-info block every verb prints before working. */
    public void printTableInfo(TableInfo table, ClientSettings settings) {
        PrintStream err = err();
        if (engineLine != null) {
            err.println(engineLine);
            engineLine = null;
        }
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

    /** The read budget: --XMaxReadRate, else --read-percent (or the default share) of the table's ceiling; printed. */
    public Throughput readRate(ReadRateOptions rates, TableInfo table, DynamoSession session) {
        return resolveRate(Throughput.Mode.READ, rates.maxReadRate(), "--XMaxReadRate", rates.readPercent(), "--read-percent",
                table, session);
    }

    /** The write budget: --XMaxWriteRate, else --write-percent (or the default share) of the table's ceiling; printed. */
    public Throughput writeRate(WriteRateOptions rates, TableInfo table, DynamoSession session) {
        return resolveRate(Throughput.Mode.WRITE, rates.maxWriteRate(), "--XMaxWriteRate", rates.writePercent(), "--write-percent",
                table, session);
    }

    private Throughput resolveRate(Throughput.Mode mode, Double requested, String rateFlag, Double percent, String percentFlag,
            TableInfo table, DynamoSession session) {
        Throughput throughput = Throughput.resolve(mode, requested == null ? null : Throughput.setBy(requested, rateFlag),
                percent == null ? Throughput.DEFAULT_PERCENT : percent, percent == null ? null : percentFlag,
                table, requested == null ? session.tableLimits() : null);
        err().println(throughput.describe(mode));
        if (throughput.rate() < 100 && requested != null) {
            err().println("  note: a low rate makes the job slow, but it holds: the limiter works from 1 unit/s up.");
        }
        warnAboveCapacity(mode, throughput, table);
        if (!table.onDemand()) {
            warnAutoScaling(mode, throughput, rateFlag, table, AutoScaling.lookup(session.settings(), table),
                    session.settings().endpoint() == null);
        }
        return throughput;
    }

    /**
     * Auto scaling reacts to what the job consumes, so an operator hears before the job what it will do:
     * raise the capacity (and the bill) when job and application together pass its target, lower it only
     * later, while the job's rate, resolved from today's capacity, stays where it is.
     */
    private void warnAutoScaling(Throughput.Mode mode, Throughput rate, String rateFlag, TableInfo table,
            AutoScaling.Lookup lookup, boolean aws) {
        if (lookup.unknownBecause() != null) {
            // An endpoint of one's own (DynamoDB Local) has no auto scaling to speak of; on AWS, say it was not checked.
            if (aws) {
                err().println("  note: auto scaling not checked: " + lookup.unknownBecause());
            }
            return;
        }
        AutoScaling.Target target = lookup.of(mode);
        if (target == null) {
            return;
        }
        String word = mode.word();
        Long now = mode == Throughput.Mode.READ ? table.readCapacity() : table.writeCapacity();
        String what = table.indexName() == null ? "table's" : "index's";
        String aim = target.targetPercent() == null ? "" : String.format(", target %.0f %% use", target.targetPercent());
        err().println(String.format("warning: auto scaling manages the %s %s capacity (%s units/s now, kept between %,d and %,d%s).",
                what, word, now == null ? "?" : String.format("%,d", now), target.min(), target.max(), aim));
        err().println(String.format("  The job's use counts toward it: when job and application together pass %s, DynamoDB raises "
                + "the capacity (and the bill) within minutes and lowers it only after the job. The job's rate stays at "
                + "%,.0f units/s and does not grow with the capacity (%s sets another).",
                target.targetPercent() == null ? "what its policy allows" : String.format("%.0f %%", target.targetPercent()),
                rate.rate(), rateFlag));
    }

    /**
     * Said before any work: a rate the table cannot serve throttles the job and, worse, the application
     * sharing the table until the budget has slowed down.
     */
    private void warnAboveCapacity(Throughput.Mode mode, Throughput rate, TableInfo table) {
        String word = mode.word();
        Long provisioned = mode == Throughput.Mode.READ ? table.readCapacity() : table.writeCapacity();
        Long warm = mode == Throughput.Mode.READ ? table.warmReadPerSecond() : table.warmWritePerSecond();
        if (!table.onDemand() && provisioned != null && rate.rate() > provisioned) {
            err().println(String.format("warning: the %s rate, %,.0f units/s, is above the table's provisioned %s capacity "
                    + "(%,d units/s): DynamoDB will throttle the job and the traffic sharing the table until the budget has "
                    + "slowed down; if the table auto scales, capacity follows only after minutes", word, rate.rate(), word,
                    provisioned));
        } else if (table.onDemand() && warm != null && rate.rate() > warm) {
            err().println(String.format("warning: the %s rate, %,.0f units/s, is above the on-demand table's warm %s throughput "
                    + "(%,d units/s, what it serves at once): expect throttles while DynamoDB scales the table up; the budget "
                    + "slows down when they come", word, rate.rate(), word, warm));
        }
    }

    /** The cost lines of reading {@code units} read units (priced by --read-price, else the region's price). */
    public CostEstimate printReadCost(ReadRateOptions rates, double units, TableInfo table, Throughput rate, String what) {
        return printCost(Throughput.Mode.READ, units, table, Pricing.forRegion(table.region(), table.infrequentAccess(),
                rates.readPrice(), null), rate, what);
    }

    /** The cost lines of writing {@code units} write units (priced by --write-price, else the region's price). */
    public CostEstimate printWriteCost(WriteRateOptions rates, double units, TableInfo table, Throughput rate, String what) {
        return printCost(Throughput.Mode.WRITE, units, table, Pricing.forRegion(table.region(), table.infrequentAccess(),
                null, rates.writePrice()), rate, what);
    }

    private CostEstimate printCost(Throughput.Mode mode, double units, TableInfo table, Pricing pricing, Throughput rate,
            String what) {
        CostEstimate estimate = CostEstimate.of(mode, units, table, pricing, rate, what);
        estimate.lines().forEach(err()::println);
        Duration timeout = timeout();
        if (timeout != null && estimate.seconds() > timeout.getSeconds()) {
            err().println(String.format("warning: at this rate the job takes about %s, longer than --XTimeout %s: it will be "
                    + "stopped at the deadline with what DynamoDB confirmed counted", approxDuration(estimate.seconds()),
                    timeoutText(timeout)));
        }
        return estimate;
    }

    /** --XTimeout as the user thinks of it: whole minutes as "N min", a fraction with its seconds. */
    static String timeoutText(Duration timeout) {
        if (timeout.toMillis() % 60_000 == 0) {
            return timeout.toMinutes() + " min";
        }
        return String.format("%s min (%.1f s)", BigDecimal.valueOf(timeout.toMillis())
                .divide(BigDecimal.valueOf(60_000), 4, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString(), timeout.toMillis() / 1000.0);
    }

    private static String approxDuration(double seconds) {
        if (seconds < 120) {
            return String.format("%.0f s", seconds);
        }
        return seconds < 7200 ? String.format("%.0f min", seconds / 60) : String.format("%.1f h", seconds / 3600);
    }

    private static String orNone(Long value) {
        return value == null ? "none" : String.format("%,d", value);
    }
}

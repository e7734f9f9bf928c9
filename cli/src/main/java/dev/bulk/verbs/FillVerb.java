package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.FillJob;
import dev.bulk.engine.JobControl;
import dev.bulk.engine.LiveProgress;
import dev.bulk.output.FailureFile;
import dev.bulk.output.ProgressLine;
import dev.bulk.output.RunContext;
import dev.bulk.scripts.ItemGenerator;
import dev.bulk.scripts.ScriptCatalog;
import dev.bulk.scripts.ScriptException;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "fill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes exactly --numitems generated items into a table (BatchWriteItem, rate limited).",
                "Built-in generators: default, nosk, users, multi_entity_relationship. Your own: a single-file Java source at",
                "scripts/fill/NAME.java (or --generator path/to/File.java) with a public class implementing",
                "dev.bulk.scripts.ItemGenerator; it is compiled at run time and shipped to the executors.",
                "Items with an existing key overwrite it. The count reported is what DynamoDB confirmed."})
public final class FillVerb extends TableVerb {
    private static final int SAMPLE_CALLS = 10;

    @Option(names = "--table", required = true, paramLabel = "NAME|ARN", description = "Table to write to.")
    String table;

    @Option(names = "--generator", required = true, paramLabel = "NAME|FILE.java", description = "Item generator.")
    String generator;

    @Option(names = "--numitems", required = true, paramLabel = "N", description = "Number of items to write (> 0).")
    long numItems;

    @Option(names = "--scripts-dir", paramLabel = "DIR", defaultValue = "scripts",
            description = "Folder of user scripts (default: ${DEFAULT-VALUE}); generators are in its fill/ subfolder.")
    String scriptsDir;

    @Option(names = "--skip-pitr-check", description = "Write even though point-in-time recovery is off (loud warning).")
    boolean skipPitrCheck;

    @Override
    void validate() {
        rates.validate();
        engine.settings();
        if (numItems <= 0) {
            throw BulkException.usage("--numitems: must be a positive number of items, got " + numItems);
        }
    }

    @Override
    int execute(RunContext run) throws Exception {
        ScriptRef script = resolveGenerator();
        TableRef ref = ScanCountVerb.parseTable(table);
        ClientSettings settings = clientSettings(ref);
        startSparkEarly();
        DynamoSession session = new DynamoSession(settings);
        TableInfo info = session.describe(ref, null);
        double averageBytes = sample(script, info);
        MutationGuard.requirePitr(session, ref, skipPitrCheck, err());
        printTableInfo(info, settings);
        Throughput rate = resolveRate(Throughput.Mode.WRITE, info, session);
        err().println(String.format("Generator '%s': items average ~%,.0f bytes (from %d sample calls)", script.displayName(),
                averageBytes, SAMPLE_CALLS));
        printCost(Throughput.Mode.WRITE, CostEstimate.writeUnits(numItems, averageBytes), info, rate,
                String.format("write units for %,d items (secondary indexes not included)", numItems));
        if (dryRun) {
            err().println("--dry-run: nothing written.");
            return 0;
        }

        SparkSession spark = spark();
        LongAccumulator written = spark.sparkContext().longAccumulator("written");
        LongAccumulator unitsMilli = spark.sparkContext().longAccumulator("writeUnitsMilli");
        FillJob.Spec spec = new FillJob.Spec(settings, ref.apiName(), info.keySchema(), script, rate.rate(),
                new FailureFile.Location(run.outputDir().toAbsolutePath().toString(), ref.name()), run.runId());
        List<FillJob.TaskResult> results;
        try (JobControl control = new JobControl(spark.sparkContext(), run.runId(), "fill " + ref.name(),
                engine.settings().timeout());
                ProgressLine progress = new ProgressLine(err(), ProgressLine.terminal(), "filled",
                        () -> Math.max(written.value(), LiveProgress.items(run.runId())),
                        () -> Math.max(unitsMilli.value(), LiveProgress.unitsMilli(run.runId())), numItems)) {
            long start = System.nanoTime();
            try {
                results = FillJob.run(spark, spec, numItems, written, unitsMilli);
                run.count("workSeconds", (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                // Spark's cancellation and job failures arrive as a checked SparkException.
                run.count("written", written.value());
                throw Failures.fromJob(e, control, written.value(), "items confirmed written");
            } finally {
                LiveProgress.forget(run.runId());
            }
        }
        long confirmed = results.stream().mapToLong(FillJob.TaskResult::written).sum();
        long failed = results.stream().mapToLong(FillJob.TaskResult::failed).sum();
        long repeated = results.stream().mapToLong(FillJob.TaskResult::repeatedKeys).sum();
        double units = results.stream().mapToDouble(FillJob.TaskResult::consumedUnits).sum();
        run.count("written", confirmed);
        run.count("failed", failed);
        run.count("repeatedKeys", repeated);
        run.count("writeUnits", units);
        out().println(String.format("Total records filled: %,d", confirmed));
        if (repeated > 0) {
            out().println(String.format("Note: %,d of them repeated a key the same task had already written, so the table "
                    + "gained at most %,d new items.", repeated, confirmed - repeated));
        }
        if (failed > 0) {
            err().println(String.format("%,d items failed; each is listed with its error in %s", failed,
                    run.outputDir().resolve("failures")));
            return 3;
        }
        return 0;
    }

    private ScriptRef resolveGenerator() {
        try {
            return ScriptCatalog.resolve(ScriptKind.FILL, generator, Paths.get(scriptsDir));
        } catch (ScriptException e) {
            throw BulkException.usage("--generator " + generator + ": " + e.getMessage());
        }
    }

    /**
     * Calls the generator a few times on the driver before anything is written: a generator that
     * throws, returns junk, or makes items without the table's keys is a usage error now, not a
     * failure in every task. Returns the average item size.
     */
    private double sample(ScriptRef script, TableInfo info) {
        ItemGenerator instance;
        try {
            instance = script.newInstance(ItemGenerator.class);
        } catch (RuntimeException e) {
            throw BulkException.usage("--generator " + generator + ": cannot create it: " + Failures.rootMessage(e));
        }
        long bytes = 0;
        long items = 0;
        for (int call = 0; call < SAMPLE_CALLS; call++) {
            List<Map<String, AttributeValue>> generated;
            try {
                generated = FillJob.Generated.items(instance.generate());
            } catch (RuntimeException e) {
                throw BulkException.usage("--generator " + generator + ": failed on a sample call: " + e);
            }
            for (Map<String, AttributeValue> item : generated) {
                String problem = info.keySchema().problemWith(item);
                if (problem != null) {
                    throw BulkException.usage("--generator " + generator + ": its items do not fit table '" + info.tableName()
                            + "' (key " + info.keySchema() + "): " + problem);
                }
                bytes += AttributeValues.itemSize(item);
                items++;
            }
        }
        if (items == 0) {
            throw BulkException.usage("--generator " + generator + ": returned no items in " + SAMPLE_CALLS + " sample calls");
        }
        return (double) bytes / items;
    }
}

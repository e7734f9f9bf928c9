package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.engine.UpdateRequests;
import dev.bulk.output.RunContext;
import dev.bulk.scripts.ItemUpdate;
import dev.bulk.scripts.ItemUpdater;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.GeneratorOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.ScriptsDirOption;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.WriteDeadline;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scans every item and applies the updater's UpdateItem to it (rate limited, one request per item).",
                "Built-in updater: touched (sets 'touched' to the current epoch seconds, if not already later). Your own: a "
                        + "single-file Java source at scripts/update/NAME.java (or --generator path/File.java) with a public class "
                        + "implementing dev.bulk.scripts.ItemUpdater: update(item) returns null (leave it) or an ItemUpdate (key, "
                        + "update expression, optional condition, names, values). It is compiled at run time.",
                "Before the run, the updater is tried on a sample of items and each update it returns is checked by DynamoDB "
                        + "with a condition that cannot hold, so a bad update is refused (exit 2) with nothing changed.",
                "A failed condition is counted, not an error; an updater exception is listed with the item's key in the "
                        + "failure file and the run goes on. A resumed run calls the updater again on unfinished segments: keep "
                        + "updates idempotent (conditions help).",
                "Needs point-in-time recovery on the written table (--skip-pitr-check to override)."})
public final class UpdateVerb extends TableVerb {
    private static final int SAMPLE_ITEMS = 25;
    private static final int PROBES = 3;

    @Mixin
    ReadRateOptions readRates;

    @Mixin
    WriteRateOptions writeRates;

    @Mixin
    SafetyOptions safety;

    @Mixin
    ResumeOption resume;

    @Mixin
    WritersOption writers;

    @Mixin
    SegmentsOption segmentsOption;

    @Mixin
    TableOption tableOption;

    @Mixin
    GeneratorOption generator;

    @Option(names = "--dest-table", paramLabel = "NAME|ARN",
            description = "Apply the updates to this table (same key schema) instead of --table.")
    String destTable;

    @Mixin
    WriteDeadline writeDeadline = new WriteDeadline();

    @Mixin
    ScriptsDirOption scripts;

    @Mixin
    ConsistentReadOption consistentRead;

    @Mixin
    BackupOption backup;

    private RunFolder folder;
    private MutationRun mutation;

    @Override
    protected void validate() {
        readRates.validate();
        writeRates.validate();
        segmentsOption.validate();
        writers.validate();
    }

    @Override
    protected RunContext openRun(List<String> arguments) {
        folder = runFolder(resume, this::fingerprint);
        // A redone unit rescans and calls the updater again on what its earlier attempts updated.
        mutation = new MutationRun(this, folder, writers, segmentsOption, consistentRead,
                unit -> UnitJournal.Redo.REPEATS);
        return folder.open(arguments);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table());
        flags.put("--generator", generator.generator());
        flags.put("--dest-table", destTable);
        return flags;
    }

    /** A scan of --table through the updater into --table (or --dest-table), after the updater is tried on a sample. */
    @Override
    protected int execute(RunContext run) {
        ScriptRef updater = generator.resolve(ScriptKind.UPDATE, scripts);
        TableRef ref = Tables.parseTable("--table", tableOption.table());
        Tables.ReadTarget read = tables().openForRead(ref, null, readRates);
        DynamoSession session = new DynamoSession(read.settings());
        Written written = written(ref, read, session);
        TableInfo info = read.info();
        checkOnSample(updater, session, ref, written.ref(), info);
        mutation.printScanCost(readRates, info, read.rate(), false);
        mutation.printWriteCost(writeRates, written.info(), info.itemCount(), MutationRun.averageItemBytes(info),
                written.rate(), "updating at most");
        List<MutationJob.Unit> units = mutation.scanUnits(run, info);
        SparkSession spark = tables().spark();
        int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
        ScanSpec scan = new ScanSpec(ref, null, totalSegments, false, null, null, null, null, false);
        MutationAction.Target target = writeDeadline.apply(mutation.target(run, spark, read.settings(), written.ref(),
                written.info(), written.rate(), dryRun()));
        MutationJob.Spec job = mutation.spec(run, read.settings(), scan,
                mutation.readBudget(run, spark, read.settings(), ref, read.rate()), MutationAction.update(target, updater),
                written.info().tableName(), false, spark);
        if (dryRun()) {
            backup.take(run, read.settings(), written.ref(), true, err());
            MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "scanned", info.itemCount());
            run.count("wouldUpdate", counts.done());
            out().println(String.format("--dry-run: the updater would update %,d of %,d items (%,d non-updates, %,d updater "
                    + "errors); conditions were not evaluated and nothing was written", counts.done(), counts.processed(),
                    counts.skipped(), counts.failed()));
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s every item of '%s' through updater '%s'%s?", folder.resuming() ? "Resume updating"
                : "Update", info.tableName(), updater.displayName(), destTable == null ? "" : " into '"
                + written.info().tableName() + "'"), err());
        backup.take(run, read.settings(), written.ref(), false, err());
        return report(run, mutation.runUnits(run, spark, job, units, "updated", info.itemCount()));
    }

    /** The table the updates go to, described, PITR checked, its write budget resolved. */
    private record Written(TableRef ref, TableInfo info, Throughput rate) {
    }

    private Written written(TableRef ref, Tables.ReadTarget read, DynamoSession session) {
        TableRef writtenRef = ref;
        TableInfo written = read.info();
        if (destTable != null) {
            writtenRef = Tables.parseTable("--dest-table", destTable);
            written = Tables.describeSide("--dest-table", writtenRef, session);
            if (!written.keySchema().equals(read.info().keySchema())) {
                throw BulkException.usage("--dest-table " + destTable + ": its key (" + written.keySchema() + ") differs from "
                        + "--table's (" + read.info().keySchema() + ")");
            }
            tables().printTableInfo(written, read.settings());
        }
        safety.requirePitr(session, writtenRef, err());
        return new Written(writtenRef, written, tables().writeRate(writeRates, written, session));
    }

    private int report(RunContext run, MutationJob.Counts counts) {
        run.count("updated", counts.done());
        run.count("nonUpdates", counts.skipped());
        run.count("conditionsFailed", counts.conditionFailed());
        run.count("updatedAfterLostReply", counts.replyLost());
        run.count("outcomeUnknown", counts.outcomeUnknown());
        out().println(String.format("Processed %,d records: (%,d updates, %,d non-updates, %,d conditions failed)",
                counts.processed(), counts.done(), counts.skipped(), counts.conditionFailed()));
        if (counts.replyLost() > 0) {
            err().println(String.format("%,d of the updates were confirmed after a lost reply: the answer never arrived, the "
                    + "retry's condition failed, and reading the item showed the update in place.", counts.replyLost()));
        }
        if (counts.outcomeUnknown() > 0) {
            err().println(String.format("%,d updates have an unknown outcome: the answer never arrived and the retry's condition "
                    + "failed, and the item does not show whether the update was applied; each is in the failure file.",
                    counts.outcomeUnknown()));
        }
        return mutation.exitCode(run, counts);
    }

    /**
     * Runs the updater on the first items of the table and has DynamoDB check a few of the
     * updates it returns, each with an extra condition that cannot hold, so nothing is written:
     * an updater that cannot be created, throws, or returns an update DynamoDB rejects is a usage
     * error before the run, not a failure on every item.
     */
    private void checkOnSample(ScriptRef updater, DynamoSession session, TableRef ref, TableRef writtenRef, TableInfo info) {
        ItemUpdater instance;
        try {
            instance = updater.newInstance(ItemUpdater.class);
            instance.open(info.keySchema().names());
        } catch (RuntimeException e) {
            throw BulkException.usage("--generator " + generator.generator() + ": cannot create it: " + JobFailures.rootMessage(e));
        }
        List<Map<String, AttributeValue>> sample = session.client()
                .scan(request -> request.tableName(ref.apiName()).limit(SAMPLE_ITEMS)).items();
        int probes = 0;
        for (Map<String, AttributeValue> item : sample) {
            ItemUpdate update;
            try {
                update = instance.update(item);
            } catch (RuntimeException e) {
                throw BulkException.usage("--generator " + generator.generator() + ": failed on a sample item (key "
                        + info.keySchema().keyOf(item) + "): " + e);
            }
            if (update == null || probes >= PROBES) {
                continue;
            }
            UpdateItemRequest request;
            try {
                request = UpdateRequests.of(writtenRef.apiName(), info.keySchema(), update);
            } catch (IllegalArgumentException e) {
                throw BulkException.usage("--generator " + generator.generator() + ": returned an invalid update for a sample item: "
                        + e.getMessage());
            }
            probe(session.client(), request);
            probes++;
        }
        err().println(String.format("Updater '%s': tried on %d sample items; %d of its updates checked by DynamoDB.",
                updater.displayName(), sample.size(), probes));
    }

    private void probe(software.amazon.awssdk.services.dynamodb.DynamoDbClient client, UpdateItemRequest request) {
        Map<String, String> names = new HashMap<>(request.hasExpressionAttributeNames() ? request.expressionAttributeNames() : Map.of());
        names.put("#bulkProbe", request.key().keySet().iterator().next());
        String never = "(attribute_exists(#bulkProbe) AND attribute_not_exists(#bulkProbe))";
        String condition = request.conditionExpression() == null ? never : "(" + request.conditionExpression() + ") AND " + never;
        try {
            client.updateItem(request.toBuilder().conditionExpression(condition).expressionAttributeNames(names).build());
            throw BulkException.failed("the updater check wrote an item: a condition that cannot hold held", null);
        } catch (ConditionalCheckFailedException expected) {
            // DynamoDB accepted the update's syntax and types; nothing was written.
        } catch (AwsServiceException e) {
            if (e.statusCode() == 400 && !e.isThrottlingException()) {
                throw BulkException.usage("--generator " + generator.generator() + ": DynamoDB rejects the update it returns for a sample "
                        + "item: " + JobFailures.rootMessage(e));
            }
            throw e;
        }
    }

}

package dev.bulk.verbs;

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
import dev.bulk.engine.UpdateRequests;
import dev.bulk.output.RunContext;
import dev.bulk.scripts.ItemUpdate;
import dev.bulk.scripts.ItemUpdater;
import dev.bulk.scripts.ScriptCatalog;
import dev.bulk.scripts.ScriptException;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import java.nio.file.Paths;
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
public final class UpdateVerb extends MutationVerb {
    private static final int SAMPLE_ITEMS = 25;
    private static final int PROBES = 3;

    @Mixin
    SegmentsOption segmentsOption;

    @Mixin
    TableOption tableOption;

    @Option(names = "--generator", required = true, paramLabel = "NAME|FILE.java", description = "The updater.")
    String generator;

    @Option(names = "--dest-table", paramLabel = "NAME|ARN",
            description = "Apply the updates to this table (same key schema) instead of --table.")
    String destTable;

    @Mixin
    WriteDeadline writeDeadline = new WriteDeadline();

    @Option(names = "--scripts-dir", paramLabel = "DIR", defaultValue = "scripts",
            description = "Folder of user scripts (default: ${DEFAULT-VALUE}); updaters are in its update/ subfolder.")
    String scriptsDir;


    @Override
    SegmentsOption scanSegments() {
        return segmentsOption;
    }

    @Override
    void validate() {
        validateMutation();
    }

    @Override
    Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table);
        flags.put("--generator", generator);
        flags.put("--dest-table", destTable);
        return flags;
    }

    @Override
    int execute(RunContext run) {
        ScriptRef updater = resolveUpdater();
        TableRef ref = ScanCountVerb.parseTable(tableOption.table);
        ReadTarget read = openForRead(ref, null);
        TableInfo info = read.info();
        DynamoSession session = new DynamoSession(read.settings());
        TableRef writtenRef = ref;
        TableInfo written = info;
        if (destTable != null) {
            writtenRef = parseTable("--dest-table", destTable);
            try {
                written = session.describe(writtenRef, null);
            } catch (BulkException e) {
                throw e.subject() == BulkException.Subject.TABLE ? e.namedAs("--dest-table") : e;
            }
            if (!written.keySchema().equals(info.keySchema())) {
                throw BulkException.usage("--dest-table " + destTable + ": its key (" + written.keySchema() + ") differs from "
                        + "--table's (" + info.keySchema() + ")");
            }
            printTableInfo(written, read.settings());
        }
        requirePitr(session, writtenRef);
        Throughput writeRate = resolveRate(Throughput.Mode.WRITE, written, session);
        checkOnSample(updater, session, ref, writtenRef, info);
        printScanCost(info, read.rate(), false);
        printWriteCost(written, info.itemCount(), averageItemBytes(info), writeRate, "updating at most");

        List<MutationJob.Unit> units = scanUnits(run, info);
        SparkSession spark = spark();
        int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
        ScanSpec scan = new ScanSpec(ref, null, totalSegments, false, null, null, null, null, false);
        MutationAction.Target target = writeDeadline.apply(target(spark, read.settings(), writtenRef, written, writeRate, runOptions.dryRun));
        MutationJob.Spec job = spec(run, read.settings(), scan, readBudget(spark, read.settings(), ref, read.rate()),
                MutationAction.update(target, updater), written.tableName(), false, spark);
        if (runOptions.dryRun) {
            MutationJob.Counts counts = runUnits(run, spark, job, units, "scanned", info.itemCount());
            run.count("wouldUpdate", counts.done());
            out().println(String.format("--dry-run: the updater would update %,d of %,d items (%,d non-updates, %,d updater "
                    + "errors); conditions were not evaluated and nothing was written", counts.done(), counts.processed(),
                    counts.skipped(), counts.failed()));
            return ExitCodes.OK;
        }
        confirm(String.format("%s every item of '%s' through updater '%s'%s?", resuming() ? "Resume updating" : "Update",
                info.tableName(), updater.displayName(), destTable == null ? "" : " into '" + written.tableName() + "'"));
        MutationJob.Counts counts = runUnits(run, spark, job, units, "updated", info.itemCount());
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
        return exitCode(run, counts);
    }

    private ScriptRef resolveUpdater() {
        try {
            return ScriptCatalog.resolve(ScriptKind.UPDATE, generator, Paths.get(scriptsDir));
        } catch (ScriptException e) {
            throw BulkException.usage("--generator " + generator + ": " + e.getMessage());
        }
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
            throw BulkException.usage("--generator " + generator + ": cannot create it: " + JobFailures.rootMessage(e));
        }
        List<Map<String, AttributeValue>> sample = session.client()
                .scan(request -> request.tableName(ref.apiName()).limit(SAMPLE_ITEMS)).items();
        int probes = 0;
        for (Map<String, AttributeValue> item : sample) {
            ItemUpdate update;
            try {
                update = instance.update(item);
            } catch (RuntimeException e) {
                throw BulkException.usage("--generator " + generator + ": failed on a sample item (key "
                        + info.keySchema().keyOf(item) + "): " + e);
            }
            if (update == null || probes >= PROBES) {
                continue;
            }
            UpdateItemRequest request;
            try {
                request = UpdateRequests.of(writtenRef.apiName(), info.keySchema(), update);
            } catch (IllegalArgumentException e) {
                throw BulkException.usage("--generator " + generator + ": returned an invalid update for a sample item: "
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
                throw BulkException.usage("--generator " + generator + ": DynamoDB rejects the update it returns for a sample "
                        + "item: " + JobFailures.rootMessage(e));
            }
            throw e;
        }
    }

}

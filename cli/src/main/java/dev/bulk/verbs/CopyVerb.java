package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.cli.TargetOptions;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.output.RunContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copies the items of --source (those matching --where, if given) into --target, byte for byte "
                        + "(BatchWriteItem puts; an item with the same key in the target is overwritten).",
                "The tables may be in other regions, accounts or endpoints: per-side --source-/--target-profile, -region, "
                        + "-endpoint (the plain --profile/--region/--endpoint/--local apply to both sides), or tables as ARNs.",
                "Key schemas must match. Reads are limited by --XMaxReadRate on the source, writes by --XMaxWriteRate on the "
                        + "target; segments are shuffled and each page is written in random order, so the target is not fed "
                        + "in key-hash order. With --where the matches are staged in the run folder first.",
                "Needs point-in-time recovery on the target (--skip-pitr-check to override). Resumable with --resume."})
public final class CopyVerb extends MutationVerb {
    @Mixin
    SegmentsOption segmentsOption;

    @Option(names = "--source", required = true, paramLabel = "NAME|ARN", description = "The table to copy from.")
    String source;

    @Option(names = "--target", required = true, paramLabel = "NAME|ARN", description = "The table to copy into.")
    String targetTable;

    @Option(names = "--where", paramLabel = "CONDITION", description = "Copy only the items matching this Spark SQL condition.")
    String where;

    @Option(names = "--source-profile", paramLabel = "NAME", description = "AWS profile for the source.")
    String sourceProfile;

    @Option(names = "--target-profile", paramLabel = "NAME", description = "AWS profile for the target.")
    String targetProfile;

    @Option(names = "--source-region", paramLabel = "REGION", description = "Region of the source.")
    String sourceRegion;

    @Option(names = "--target-region", paramLabel = "REGION", description = "Region of the target.")
    String targetRegion;

    @Option(names = "--source-endpoint", paramLabel = "URL", description = "DynamoDB endpoint of the source.")
    String sourceEndpoint;

    @Option(names = "--target-endpoint", paramLabel = "URL", description = "DynamoDB endpoint of the target.")
    String targetEndpoint;

    @Override
    SegmentsOption scanSegments() {
        return segmentsOption;
    }

    @Override
    void validate() {
        validateMutation();
        if (sourceEndpoint != null) {
            TargetOptions.validateEndpoint("--source-endpoint", sourceEndpoint);
        }
        if (targetEndpoint != null) {
            TargetOptions.validateEndpoint("--target-endpoint", targetEndpoint);
        }
    }

    @Override
    Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--source", source);
        flags.put("--target", targetTable);
        flags.put("--where", where);
        flags.put("--source-endpoint", sourceEndpoint);
        flags.put("--target-endpoint", targetEndpoint);
        return flags;
    }

    private record Side(TableRef ref, ClientSettings settings, DynamoSession session, TableInfo info) {
    }

    @Override
    int execute(RunContext run) throws IOException {
        TableRef sourceRef = parseTable("--source", source);
        TableRef targetRef = parseTable("--target", targetTable);
        ClientSettings sourceSettings = sideSettings("source", sourceRef, sourceEndpoint, sourceRegion, sourceProfile);
        ClientSettings targetSettings = sideSettings("target", targetRef, targetEndpoint, targetRegion, targetProfile);
        if (sourceRef.name().equals(targetRef.name()) && Objects.equals(sourceRef.arn(), targetRef.arn())
                && Objects.equals(sourceSettings.endpoint(), targetSettings.endpoint())
                && Objects.equals(sourceSettings.region(), targetSettings.region())
                && Objects.equals(sourceSettings.profile(), targetSettings.profile())) {
            throw BulkException.usage("--target " + targetTable + ": --source and --target must be different tables (same name "
                    + "at " + sourceSettings.describe() + ")");
        }
        startSparkEarly();
        Side from = describe("--source", sourceRef, sourceSettings);
        Side to = describe("--target", targetRef, targetSettings);
        printTableInfo(from.info(), sourceSettings);
        printTableInfo(to.info(), targetSettings);
        if (!from.info().keySchema().equals(to.info().keySchema())) {
            throw BulkException.usage("--target " + targetTable + ": its key (" + to.info().keySchema() + ") differs from the "
                    + "source's (" + from.info().keySchema() + "); key schemas must match");
        }
        requirePitr(to.session(), targetRef);
        Throughput readRate = resolveRate(Throughput.Mode.READ, from.info(), from.session());
        Throughput writeRate = resolveRate(Throughput.Mode.WRITE, to.info(), to.session());
        SparkSession spark = spark();
        MutationAction.Target target = target(spark, targetSettings, targetRef, to.info(), writeRate, runOptions.dryRun);
        List<MutationJob.Unit> units;
        MutationJob.Spec job;
        long expected;
        if (where == null) {
            printScanCost(from.info(), readRate, false);
            printWriteCost(to.info(), from.info().itemCount(), averageItemBytes(from.info()), writeRate, "copying about");
            units = scanUnits(run, from.info());
            int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
            ScanSpec scan = new ScanSpec(sourceRef, null, totalSegments, false, null, null, null, null, false);
            job = spec(run, sourceSettings, scan, readBudget(spark, sourceSettings, sourceRef, readRate),
                    MutationAction.put(target), to.info().tableName(), true, spark);
            expected = from.info().itemCount();
        } else {
            Staged staged = stage(run, spark, source, new ReadTarget(sourceSettings, from.info(), readRate), where, null, null,
                    null);
            units = staged.units();
            expected = staged.count();
            printWriteCost(to.info(), expected, averageItemBytes(from.info()), writeRate, "copying");
            job = spec(run, sourceSettings, null, null, MutationAction.put(target), to.info().tableName(), false, spark);
        }
        if (runOptions.dryRun) {
            MutationJob.Counts counts = runUnits(run, spark, job, units, "scanned", expected);
            run.count("wouldCopy", counts.done());
            out().println(String.format("--dry-run: would copy %,d items from '%s' into '%s' (nothing was written)",
                    counts.done(), from.info().tableName(), to.info().tableName()));
            return ExitCodes.OK;
        }
        confirm(String.format("%s %s%,d items from '%s' at %s into '%s' at %s?", resuming() ? "Resume copying" : "Copy",
                where == null ? "about " : "", expected, from.info().tableName(), sourceSettings.describe(),
                to.info().tableName(), targetSettings.describe()));
        MutationJob.Counts counts = runUnits(run, spark, job, units, "copied", expected);
        run.count("copied", counts.done());
        out().println(String.format("Total records copied: %,d", counts.done()));
        return exitCode(run, counts);
    }

    private static Side describe(String flag, TableRef ref, ClientSettings settings) {
        DynamoSession session = new DynamoSession(settings);
        return new Side(ref, settings, session, describeSide(flag, ref, session));
    }
}

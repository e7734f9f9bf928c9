package dev.bulk.verbs.s3export;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ConfiguredEndpoints;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.Checkpoints;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.StagedFiles;
import dev.bulk.engine.UnitJournal;
import dev.bulk.engine.s3export.S3ExportChecksums;
import dev.bulk.engine.s3export.S3ExportLayout;
import dev.bulk.engine.s3export.S3ExportRecords;
import dev.bulk.engine.s3export.S3ExportReplay;
import dev.bulk.output.RunContext;
import dev.bulk.output.S3Access;
import dev.bulk.scripts.ExportChange;
import dev.bulk.scripts.ExportTransform;
import dev.bulk.scripts.ScriptCatalog;
import dev.bulk.scripts.ScriptException;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.WriteRateOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * What load-export and revert-export run: read and check a DynamoDB export to S3 (manifests, their
 * MD5s, item counts, the table's key on sample lines, then every data file's MD5 and record
 * count), and write its records with one resumable unit per data file.
 */
final class ExportApply {
    private static final int SAMPLE_LINES = 5;

    private final Tables tables;
    private final RunFolder folder;
    private final MutationRun mutation;
    private final boolean dryRun;
    private final String profile;
    private final WriteRateOptions writeRates;
    private final SafetyOptions safety;
    private final ExportFlags flags;
    private final String s3Path;
    private final String transform;

    ExportApply(Tables tables, RunFolder folder, MutationRun mutation, boolean dryRun, String profile,
            WriteRateOptions writeRates, SafetyOptions safety, ExportFlags flags) {
        this.tables = tables;
        this.folder = folder;
        this.mutation = mutation;
        this.dryRun = dryRun;
        this.profile = profile;
        this.writeRates = writeRates;
        this.safety = safety;
        this.flags = flags;
        this.s3Path = flags.s3Path.path();
        this.transform = flags.transform();
    }

    /**
     * Applies the export to --table: each record's new image ({@code revert}: its old image), after
     * {@code check} has had its say on the export's layout.
     */
    int run(RunContext run, boolean revert, Consumer<S3ExportLayout> check) throws IOException {
        ScriptRef transformRef = resolveTransform();
        TableRef ref = Tables.parseTable("--table", flags.table.table());
        Tables.Opened opened = tables.open(ref, null);
        ClientSettings settings = opened.settings();
        DynamoSession session = opened.session();
        TableInfo info = opened.info();
        SparkSession spark = tables.spark();
        if (RunContext.isRemote(s3Path)) {
            String endpoint = ConfiguredEndpoints.s3OrConfigured(flags.s3.s3Endpoint(), profile);
            S3Access.configure(spark, endpoint, profile);
            err().println(S3Access.attemptLine("--s3-path", s3Path, endpoint));
        } else if (flags.s3.s3Endpoint() != null) {
            throw BulkException.usage("--s3-endpoint: only applies to an s3:// or s3a:// --s3-path, got " + s3Path);
        }
        Map<String, String> fs = StagedFiles.fsSettings(spark);
        S3ExportLayout layout = S3ExportLayout.read(s3Path, fs);
        check.accept(layout);
        err().println(String.format("S3 export: %,d items across %,d files (%s%s, DYNAMODB_JSON)", layout.itemCount(),
                layout.files().size(), layout.exportType(), layout.outputView() == null ? "" : " " + layout.outputView()));
        if (layout.itemCount() == 0) {
            out().println("Export contains 0 items, nothing to load.");
            return ExitCodes.OK;
        }
        List<ExportChange> sample = checkSample(layout, info.keySchema(), fs);
        checkTransform(transformRef, sample, layout.incremental(), info.keySchema());
        safety.requirePitr(session, ref, err());
        Throughput writeRate = tables.writeRate(writeRates, info, session);

        List<String> withItems = new ArrayList<>();
        layout.files().stream().filter(file -> file.itemCount() > 0).forEach(file -> withItems.add(file.uri()));
        List<MutationJob.Unit> units = MutationJob.fileUnits(withItems);
        checkDataFiles(run, spark, layout, units, fs);
        mutation.printWriteCost(writeRates, info, layout.itemCount(), averageBytes(sample), writeRate, "writing");
        folder.writePlan(run, units);
        S3ExportReplay action = new S3ExportReplay(mutation.target(run, spark, settings, ref, info, writeRate, dryRun),
                layout.incremental(), revert, transformRef);
        MutationJob.Spec job = mutation.spec(run, settings, null, null, action, info.tableName(), false, spark);
        if (dryRun) {
            MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "read", layout.itemCount());
            report(run, transformRef, layout, counts);
            out().println(String.format("--dry-run: would write %,d items to '%s' (nothing was written)", counts.done(),
                    info.tableName()));
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s %,d records of export %s into '%s' at %s?", folder.resuming() ? "Resume writing"
                : revert ? "Revert" : "Write", layout.itemCount(), layout.exportId(), info.tableName(), settings.describe()),
                err());
        MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "written", layout.itemCount());
        report(run, transformRef, layout, counts);
        out().println(String.format("Total items written: %,d", counts.done()));
        return mutation.exitCode(run, counts);
    }

    /** A redone unit writes its data file's records again: the same images, so the table ends the same. */
    static UnitJournal.Redo redo(MutationJob.Unit unit) {
        return UnitJournal.Redo.REPEATS;
    }

    private PrintStream out() {
        return tables.out();
    }

    private PrintStream err() {
        return tables.err();
    }

    private void report(RunContext run, ScriptRef transformRef, S3ExportLayout layout, MutationJob.Counts counts) {
        run.count("itemsInExport", layout.itemCount());
        run.count("written", counts.done());
        out().println(String.format("Total items in export: %,d", layout.itemCount()));
        if (transformRef != null) {
            long unreadable = recordFailures(run);
            long produced = counts.processed() - counts.skipped() - unreadable;
            run.count("excluded", counts.skipped());
            run.count("produced", produced);
            out().println(String.format("Transform '%s': %,d items produced, %,d items excluded out of %,d total%s",
                    transformRef.displayName(), produced, counts.skipped(), layout.itemCount(), unreadable == 0 ? ""
                            : String.format(" (%,d record(s) failed before the transform produced anything)", unreadable)));
        }
    }

    /**
     * Records that failed to parse or in the transform: each counted as one item but produced
     * nothing. Read from the failure files, which hold exactly those of finished units.
     */
    private static long recordFailures(RunContext run) {
        java.nio.file.Path folder = run.outputDir().resolve("failures");
        if (!java.nio.file.Files.isDirectory(folder)) {
            return 0;
        }
        long count = 0;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : files.toList()) {
                try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file)) {
                    count += lines.filter(line -> line.startsWith("{\"operation\":\"transform\"")
                            || line.startsWith("{\"operation\":\"parse\"")).count();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }

    private ScriptRef resolveTransform() {
        if (transform == null) {
            return null;
        }
        try {
            return ScriptCatalog.resolve(ScriptKind.TRANSFORM, transform, flags.scripts.scriptsDir());
        } catch (ScriptException e) {
            throw BulkException.usage("--transform " + transform + ": " + e.getMessage());
        }
    }

    /** The first lines of the first data file with items must be records of this table's key (as the reference checks). */
    private List<ExportChange> checkSample(S3ExportLayout layout, KeySchema keys, Map<String, String> fs) throws IOException {
        List<ExportChange> sample = new ArrayList<>();
        int number = 0;
        for (String line : layout.sampleLines(SAMPLE_LINES, fs)) {
            number++;
            ExportChange record;
            try {
                record = S3ExportRecords.parse(line, layout.incremental(), keys);
            } catch (IllegalArgumentException e) {
                throw BulkException.usage("--s3-path " + s3Path + ": line " + number + " of the first data file is not a "
                        + (layout.incremental() ? "incremental" : "full") + " export record: " + e.getMessage());
            }
            String problem = S3ExportRecords.keyProblem(record, layout.incremental(), keys);
            if (problem != null) {
                throw BulkException.usage("--s3-path " + s3Path + ": the export does not fit --table " + flags.table.table() + " (key "
                        + keys + "): line " + number + " of the first data file: " + problem);
            }
            sample.add(record);
        }
        return sample;
    }

    /** The transform, tried on the sample records: one that cannot be created or throws is refused before the run. */
    private void checkTransform(ScriptRef transformRef, List<ExportChange> sample, boolean incremental, KeySchema keys) {
        if (transformRef == null) {
            return;
        }
        ExportTransform instance;
        try {
            instance = transformRef.newInstance(ExportTransform.class);
            instance.open(keys.names());
        } catch (RuntimeException e) {
            throw BulkException.usage("--transform " + transform + ": cannot create it: " + JobFailures.rootMessage(e));
        }
        for (ExportChange record : sample) {
            try {
                S3ExportReplay.transformed(instance, record, incremental, keys);
            } catch (RuntimeException e) {
                throw BulkException.usage("--transform " + transform + ": failed on a sample record (key " + record.keys()
                        + "): " + e);
            }
        }
        err().println(String.format("Transform '%s': tried on %d sample records.", transformRef.displayName(), sample.size()));
    }

    /** Every data file still to load is checked (MD5, record count) before anything is written. */
    private void checkDataFiles(RunContext run, SparkSession spark, S3ExportLayout layout, List<MutationJob.Unit> units,
            Map<String, String> fs) {
        Set<String> finished = folder.resuming() ? new Checkpoints(run.outputDir()).completed().keySet() : Set.of();
        List<String> pending = new ArrayList<>();
        units.stream().filter(unit -> !finished.contains(unit.id())).forEach(unit -> pending.add(unit.file()));
        List<S3ExportLayout.DataFile> toCheck = new ArrayList<>();
        layout.files().stream().filter(file -> pending.contains(file.uri())).forEach(toCheck::add);
        List<String> problems = S3ExportChecksums.problems(spark, toCheck, fs);
        if (!problems.isEmpty()) {
            throw BulkException.usage("--s3-path " + s3Path + ": " + problems.size() + " data file" + (problems.size() == 1 ? " is"
                    : "s are") + " damaged, nothing was written: " + String.join("; ", problems.subList(0,
                    Math.min(3, problems.size()))) + (problems.size() > 3 ? "; …" : ""));
        }
        err().println(String.format("Checked the MD5 and record count of %,d data files.", toCheck.size()));
    }

    private static double averageBytes(List<ExportChange> sample) {
        if (sample.isEmpty()) {
            return 1024;
        }
        long total = 0;
        for (ExportChange record : sample) {
            total += AttributeValues.itemSize(record.isDelete() ? record.keys() : record.newImage());
        }
        return Math.max(1, (double) total / sample.size());
    }
}

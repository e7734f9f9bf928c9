package dev.bulk.verbs.load;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ConfiguredEndpoints;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.StagedFiles;
import dev.bulk.engine.UnitJournal;
import dev.bulk.engine.load.LoadJob;
import dev.bulk.engine.load.LoadSource;
import dev.bulk.engine.load.LoadSpec;
import dev.bulk.output.RunContext;
import dev.bulk.output.RunFiles;
import dev.bulk.output.S3Access;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads CSV, JSON, Parquet or DynamoDB JSON files (a local file or folder, or s3://bucket/prefix) into a "
                        + "table with BatchWriteItem puts (an item with the same key is overwritten).",
                "Rows that cannot be written (malformed, no key attribute, a key of the wrong type) are listed with their file "
                        + "and row in the failure file and the rest loads (exit 3). 'Wrote N items' is what DynamoDB confirmed.",
                "--format ddb-json (lines of {\"Item\": {...}} as DynamoDB's S3 export and 'find --format ddb-json' write them, "
                        + "or bare typed items; .gz too) is the lossless format.",
                "--merge-latest COLUMN keeps the newest record per key and writes it only where the table holds nothing newer "
                        + "(conditional PutItem; --delete-flag COLUMN true: conditional DeleteItem); re-running changes nothing.",
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). Not resumable: re-running the "
                        + "same load is safe (the same puts again; merge-latest skips what is already applied)."})
public final class LoadVerb extends TableVerb {
    @Mixin
    WriteRateOptions writeRates;

    @Mixin
    SafetyOptions safety;

    @Mixin
    WritersOption writers;

    @Mixin
    LoadFlags flags;

    @Mixin
    BackupOption backup;

    private LoadFlags.Checked checked;
    private MutationRun mutation;

    @Override
    protected void validate() {
        writeRates.validate();
        writers.validate();
        checked = flags.check(err());
    }

    /** A run folder of its own, checked like every writing verb's; a load is not resumed (re-running it is the way). */
    @Override
    protected RunContext openRun(List<String> arguments) {
        RunFolder folder = runFolder(null, this::fingerprint);
        mutation = new MutationRun(this, folder, writers, null, unit -> UnitJournal.Redo.REPEATS);
        return folder.open(arguments);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("--table", flags.tableOption.table());
        fingerprint.put("--s3-path", flags.path());
        return fingerprint;
    }

    /**
     * The input files: their count and bytes, and the data files to read when a run folder's own
     * files were left out (else null: Spark reads the path); exit 2 when the path is missing, empty
     * or unreadable.
     */
    private record Input(String uri, long count, long bytes, List<String> files) {
    }

    /** The input files checked and estimated, then loaded into the table, then the counts. */
    @Override
    protected int execute(RunContext run) throws IOException {
        TableRef ref = Tables.parseTable("--table", flags.tableOption.table());
        Tables.Opened opened = tables().open(ref, null);
        ClientSettings settings = opened.settings();
        TableInfo info = opened.info();
        SparkSession spark = tables().spark();
        Input input = input(spark);
        safety.requirePitr(opened.session(), ref, err());
        Throughput writeRate = tables().writeRate(writeRates, info, opened.session());
        LoadSpec source = checked.spec(input.uri(), input.files(), info.keySchema(), StagedFiles.fsSettings(spark));
        err().println(String.format("Input: %,d file%s, %,d bytes (%s)", input.count(), input.count() == 1 ? "" : "s",
                input.bytes(), flags.format()));
        Estimate estimate = estimate(spark, source, input);
        tables().printWriteCost(writeRates, CostEstimate.writeUnits(estimate.items(), estimate.averageBytes()), info, writeRate,
                String.format("write units for %s%,d items of ~%,.0f bytes (%s; secondary indexes not included)",
                        estimate.exact() ? "" : "about ", estimate.items(), estimate.averageBytes(), estimate.basis()));
        if (dryRun()) {
            backup.take(run, settings, ref, true, err());
            LoadJob.Counts counts = runLoad(run, spark, source, info, ref, settings, writeRate, estimate.items());
            run.count("wouldWrite", counts.written());
            out().println(String.format("--dry-run: would write %,d items to '%s' (%,d rows read, %,d refused; nothing was "
                    + "written)", counts.written() + counts.deleted(), info.tableName(), counts.rows(), counts.refused()));
            if (counts.refused() > 0) {
                err().println(String.format("The %,d refused rows are listed with their file and row in %s", counts.refused(),
                        run.outputDir().resolve("failures")));
            }
            return ExitCodes.OK;
        }
        safety.confirm(String.format("Load %s into table '%s' at %s?", flags.path(), info.tableName(), settings.describe()),
                err());
        backup.take(run, settings, ref, false, err());
        LoadJob.Counts counts = runLoad(run, spark, source, info, ref, settings, writeRate, estimate.items());
        return report(run, info, counts);
    }

    private LoadJob.Counts runLoad(RunContext run, SparkSession spark, LoadSpec source, TableInfo info, TableRef ref,
            ClientSettings settings, Throughput writeRate, long expected) {
        MutationAction.Target target = mutation.target(run, spark, settings, ref, info, writeRate, dryRun());
        LoadJob.Spec spec = new LoadJob.Spec(target, flags.removeEmptyStringAttributes,
                new FailureFile.Location(run.outputDir().toAbsolutePath().toString(), info.tableName()), run.runId(),
                flags.mergeLatest, flags.deleteFlag);
        long startMillis = System.currentTimeMillis();
        // A stopped load's counts come from its tasks' journals: Spark drops those of a cancelled or failed job.
        JobRunner.Job job = JobRunner.Job.of("load " + info.tableName(), "rows", expected)
                .whenStopped(() -> {
                    MutationRun.awaitJournal(run, startMillis);
                    LoadJob.Counts confirmed = LoadJob.confirmed(run.outputDir(), startMillis);
                    record(run, confirmed);
                    return String.format("%,d items confirmed written%s (re-running the same load is safe)",
                            confirmed.written(), flags.deleteFlag == null ? ""
                                    : String.format(", %,d confirmed deleted", confirmed.deleted()));
                });
        LoadJob.Counts counts = tables().runner(spark, run).run(job, () -> LoadJob.run(spark, source, spec));
        record(run, counts);
        return counts;
    }

    private static void record(RunContext run, LoadJob.Counts counts) {
        run.count("rows", counts.rows());
        run.count("refused", counts.refused());
        run.count("written", counts.written());
        run.count("deleted", counts.deleted());
        run.count("notNewer", counts.notNewer());
        run.count("superseded", counts.superseded());
        run.count("failed", counts.failed());
        run.count("writeUnits", counts.writeUnits());
    }

    private int report(RunContext run, TableInfo info, LoadJob.Counts counts) {
        // As the reference prints it: no thousands separators.
        out().println("Wrote " + counts.written() + " items to '" + info.tableName() + "'");
        if (flags.deleteFlag != null) {
            out().println(String.format("Deleted %,d items from '%s'", counts.deleted(), info.tableName()));
        }
        StringBuilder rows = new StringBuilder(String.format("Rows read: %,d   refused: %,d", counts.rows(), counts.refused()));
        if (flags.mergeLatest != null) {
            rows.append(String.format("   superseded by a newer record of their key: %,d   not newer than the table: %,d",
                    counts.superseded(), counts.notNewer()));
        }
        err().println(rows);
        err().println(String.format("Units consumed: %,.1f write", counts.writeUnits()));
        if (counts.refused() + counts.failed() > 0) {
            err().println(String.format("%,d rows refused and %,d items failed; each is listed (rows with their file and row "
                    + "number) in %s", counts.refused(), counts.failed(), run.outputDir().resolve("failures")));
            return ExitCodes.PARTIAL;
        }
        return ExitCodes.OK;
    }

    /** Checks --s3-path before anything is written: it exists, holds data files, and they can be opened. */
    private Input input(SparkSession spark) {
        String value = flags.path();
        String uri = value;
        boolean remote = RunContext.isRemote(value);
        if (remote) {
            String endpoint = ConfiguredEndpoints.s3OrConfigured(flags.s3.s3Endpoint(), target.profile());
            S3Access.configure(spark, endpoint, target.profile());
            err().println(S3Access.attemptLine("--s3-path", value, endpoint));
        } else if (!value.contains("://")) {
            uri = Paths.get(value).toAbsolutePath().normalize().toUri().toString();
        }
        try {
            Path path = new Path(URI.create(uri));
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw BulkException.usage("--s3-path " + value + ": no such file or folder (or no access to it)");
            }
            long files = 0;
            long bytes = 0;
            boolean local = "file".equals(fs.getScheme());
            boolean folder = fs.getFileStatus(path).isDirectory();
            String root = fs.makeQualified(path).toString().replaceAll("/+$", "") + "/";
            List<String> data = new ArrayList<>();
            List<String> runEntries = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> listing = fs.listFiles(path, true);
            while (listing.hasNext()) {
                LocatedFileStatus file = listing.next();
                String full = file.getPath().toString();
                String relative = folder && full.startsWith(root) ? full.substring(root.length()) : file.getPath().getName();
                if (RunFiles.isHidden(relative)) {
                    continue;
                }
                // A folder written by a bulk run (export --output X): its summary, plan, failures… are not data.
                if (folder && RunFiles.isRunEntry(relative)) {
                    runEntries.add(relative);
                    continue;
                }
                data.add(full);
                if (local || files == 0) {
                    try {
                        fs.open(file.getPath()).close();
                    } catch (IOException e) {
                        throw BulkException.usage("--s3-path " + value + ": cannot read " + file.getPath() + ": " + e.getMessage());
                    }
                }
                files++;
                bytes += file.getLen();
            }
            if (files == 0) {
                throw BulkException.usage("--s3-path " + value + ": no data files there (files named _* or .* and a bulk run "
                        + "folder's own files are skipped)");
            }
            if (!runEntries.isEmpty()) {
                err().println("Skipping the run folder's own files: " + String.join(", ", runEntries.size() > 5
                        ? runEntries.subList(0, 5) : runEntries) + (runEntries.size() > 5 ? String.format(" and %,d more",
                        runEntries.size() - 5) : ""));
                return new Input(uri, files, bytes, data);
            }
            return new Input(uri, files, bytes, null);
        } catch (IOException | IllegalArgumentException e) {
            if (remote) {
                throw S3Access.failure("--s3-path", value, e);
            }
            throw BulkException.usage("--s3-path " + value + ": cannot be read: " + JobFailures.rootMessage(e));
        }
    }

    private record Estimate(long items, double averageBytes, boolean exact, String basis) {
    }

    /** Items and their average size, from Parquet footers or the first records and the input's size. */
    private Estimate estimate(SparkSession spark, LoadSpec source, Input input) {
        List<Long> sizes = LoadSource.sampleItemSizes(spark, source, 100);
        double average = sizes.isEmpty() ? 100 : sizes.stream().mapToLong(Long::longValue).average().orElse(100);
        long parquetRows = LoadSource.parquetRows(spark, source);
        if (parquetRows >= 0) {
            return new Estimate(parquetRows, average, true, "rows in the Parquet footers");
        }
        long items = Math.max(sizes.isEmpty() ? 0 : 1, Math.round(input.bytes() / Math.max(1, average)));
        return new Estimate(items, average, false, "input bytes / item size of the first " + sizes.size() + " records"
                + (flags.path().endsWith(".gz") ? ", compressed input: a low guess" : ""));
    }
}

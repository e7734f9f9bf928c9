package dev.bulk.verbs.mutate;

import dev.bulk.connector.ReadOptions;
import dev.bulk.connector.TypeMapping;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.StagedFiles;
import dev.bulk.output.RunContext;
import dev.bulk.output.RunFiles;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.TableQuery;
import dev.bulk.verbs.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * copy --replace-range: the range is what --where selects, and afterwards the target's items in
 * it are exactly the source's. The items the copy puts overwrite their namesakes; the target's
 * items in the range whose keys the source's matches lack are staged as keys (in the run folder's
 * {@code stale/}) and deleted after the copy. Only those are deleted, never the whole range first,
 * so no reader of the target ever finds the range empty or missing an item the source has.
 */
final class RangeReplace {
    /** The id prefix of the stale-key delete units in a copy's run plan (the copy's own are "f…"). */
    static final String UNIT_PREFIX = "r";

    private RangeReplace() {
    }

    static boolean isDeleteUnit(MutationJob.Unit unit) {
        return unit.id().startsWith(UNIT_PREFIX);
    }

    /** The stale keys, staged, and their count. */
    record Stale(List<MutationJob.Unit> units, long count) {
    }

    /**
     * Finds the target's items matching {@code where} whose keys are not among the source's
     * staged matches ({@code sourceStaged}, full items), and stages their keys one unit per file.
     */
    static Stale stage(RunContext run, SparkSession spark, MutationRun mutation, Tables tables, String targetValue,
            Tables.ReadTarget target, boolean consistentRead, String where, String sourceStaged, PrintStream err)
            throws IOException {
        KeySchema keys = target.info().keySchema();
        Map<String, String> options = ReadOptions.toMap(targetValue, null, target.settings(), null, target.rate().rate(),
                consistentRead, ReadOptions.Pushdown.all(), run.runId());
        Dataset<String> inTarget = TableQuery.where(spark, TableQuery.load(spark, options, null), where, err)
                .select(TypeMapping.ITEM_COLUMN).as(Encoders.STRING()).map(new KeyOnly(keys), Encoders.STRING());
        Dataset<String> inSource = spark.read().text(sourceStaged).as(Encoders.STRING())
                .map(new KeyOnly(keys), Encoders.STRING());
        Dataset<String> stale = inTarget.except(inSource);
        Map<String, String> fs = StagedFiles.fsSettings(spark);
        String uri = mutation.stagingUri(run, spark, RunFiles.STALE);
        StagedFiles.delete(uri, fs);
        TableQuery.run(spark, run, "copy " + targetValue + ": finding the target's items in the range that the source lacks",
                tables.timeout(), target.info().itemCount(), () -> {
                    stale.repartition(16).write().text(uri);
                    return null;
                });
        List<MutationJob.Unit> units = new ArrayList<>();
        for (String file : StagedFiles.parts(uri, fs)) {
            units.add(new MutationJob.Unit(String.format("%s%06d", UNIT_PREFIX, units.size()), null, file));
        }
        long count = spark.read().text(uri).count();
        err.println(String.format("Found %,d items of the range in the target that the source does not have (staged in %s)",
                count, uri));
        return new Stale(units, count);
    }
}

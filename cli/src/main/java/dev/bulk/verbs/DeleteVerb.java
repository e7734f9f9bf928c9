package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.output.RunContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes the items matching --where (all items without it), optionally only the first --limit by --orderby.",
                KeyDeleteVerb.CONDITION_HELP,
                "With --where/--orderby/--limit, a first pass finds the matching keys and stages them in the run folder "
                        + "(staged/); the count is shown before anything is deleted, and the deletes work from that list.",
                "--orderby needs --limit: without one every match is deleted and an order means nothing, so it is refused.",
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). Resumable with --resume."})
public final class DeleteVerb extends KeyDeleteVerb {
    @Option(names = "--where", paramLabel = "CONDITION", description = "Spark SQL condition the deleted items match.")
    String where;

    @Option(names = "--orderby", arity = "1..2", paramLabel = "COLUMN [asc|desc]",
            description = "With --limit: delete the first N items in this order (e.g. \"ts desc\" or \"a, b desc\").")
    List<String> orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "Delete at most N matching items.")
    Long limit;

    @Override
    void validate() {
        validateMutation();
        QueryVerb.validateLimit(limit);
        if (orderBy != null && limit == null) {
            throw BulkException.usage("--orderby " + String.join(" ", orderBy) + ": needs --limit (without a limit every "
                    + "matching item is deleted, so an order would change nothing)");
        }
    }

    @Override
    Map<String, String> fingerprint() {
        Map<String, String> flags = baseFingerprint();
        flags.put("--where", where);
        flags.put("--orderby", orderBy == null ? null : String.join(" ", orderBy));
        flags.put("--limit", limit == null ? null : limit.toString());
        return flags;
    }

    @Override
    int execute(RunContext run) throws IOException {
        Opened opened = open();
        if (where == null && limit == null) {
            return deleteAll(run, opened);
        }
        return deleteMatching(run, opened);
    }

    /** Stages the keys of the matches (first pass), then deletes from that list, one unit per staged file. */
    private int deleteMatching(RunContext run, Opened opened) throws IOException {
        TableInfo info = opened.read().info();
        SparkSession spark = spark();
        Staged staged = stage(run, spark, tableOption.table, opened.read(), where, orderBy, limit, new KeyOnly(info.keySchema()));
        if (runOptions.dryRun) {
            run.count("wouldDelete", staged.count());
            out().println(String.format("--dry-run: would delete %,d items from '%s' (nothing was deleted)", staged.count(),
                    info.tableName()));
            return ExitCodes.OK;
        }
        printWriteCost(info, staged.count(), averageItemBytes(info), opened.writeRate(), "deleting");
        confirm(String.format("%s %,d items from table '%s' at %s?", resuming() ? "Resume deleting" : "Delete", staged.count(),
                info.tableName(), opened.read().settings().describe()));
        MutationAction.Target target = writeDeadline.apply(target(spark, opened.read().settings(), opened.ref(), info,
                opened.writeRate(), false));
        MutationJob.Spec job = spec(run, opened.read().settings(), null, null, MutationAction.delete(target),
                info.tableName(), false, spark);
        return report(run, runUnits(run, spark, job, staged.units(), "deleted", staged.count()));
    }

    /** An exact item (DynamoDB JSON) → its key attributes only (DynamoDB JSON). */
    static final class KeyOnly implements MapFunction<String, String> {
        private static final long serialVersionUID = 1L;
        private final KeySchema keys;

        KeyOnly(KeySchema keys) {
            this.keys = keys;
        }

        @Override
        public String call(String item) {
            return AttributeValues.toJsonText(DynamoJson.item(keys.keyOf(DynamoJson.parseItem(AttributeValues.parseJson(item)))));
        }
    }

}

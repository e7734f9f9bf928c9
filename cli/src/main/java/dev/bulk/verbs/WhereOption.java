package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** --where, a Spark SQL condition on the items (help line per verb in OptionHelp.properties). */
public final class WhereOption {
    /** Why a run with --where needs Spark (the direct engine has no SQL): said by --engine direct's refusal. */
    public static final String NEEDS_SPARK = "--where is evaluated by Spark SQL";

    @Option(names = "--where", paramLabel = "EXPR", descriptionKey = "where",
            description = "Spark SQL condition, e.g. \"a > b and ts < '2024'\" (https://spark.apache.org/docs/latest/api/sql/).")
    String where;

    /** The condition, or null for every item. */
    public String where() {
        return where;
    }
}

package dev.bulk.verbs.read;

import dev.bulk.BulkException;
import dev.bulk.connector.ReadOptions;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.SegmentsOption;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags of the verbs that read a table through Spark SQL (count, find, sql). */
final class QueryFlags {
    private static final Set<String> PUSHDOWNS = Set.of("filters", "projection", "count", "limit", "topn", "query", "all");

    @Option(names = "--schema", paramLabel = "DDL",
            description = "The table's columns as a Spark DDL string, e.g. \"pk STRING, sk BIGINT, price DECIMAL(10,2)\", "
                    + "instead of inferring them from a sample. Pushdown then applies to key attributes only.")
    String schema;

    @Option(names = "--explain", description = "Print the DynamoDB calls the command would make (Scan or Query, segments, "
            + "key condition, filter and projection expressions, what Spark evaluates) and stop without reading the table.")
    boolean explain;

    @Mixin
    SegmentsOption segmentsOption;

    @Mixin
    ConsistentReadOption consistentRead;

    @Option(names = "--no-pushdown", paramLabel = "KIND", split = ",",
            description = "Evaluate in Spark instead of DynamoDB: filters, projection, count, limit, topn, query, or all. "
                    + "For checking and measuring; the answer is the same.")
    java.util.List<String> noPushdown;

    void validate() {
        segmentsOption.validate();
        if (noPushdown != null) {
            for (String kind : noPushdown) {
                if (!PUSHDOWNS.contains(kind.toLowerCase(Locale.ROOT))) {
                    throw BulkException.usage("--no-pushdown: unknown kind '" + kind
                            + "' (choose filters, projection, count, limit, topn, query or all)");
                }
            }
        }
    }

    /** Which of these flags needs the Spark SQL read (the direct engine has no schema, plan or pushdown choice), or null. */
    String sparkOnly() {
        if (schema != null) {
            return "--schema declares Spark SQL columns";
        }
        if (explain) {
            return "--explain prints the Spark SQL plan's calls";
        }
        return noPushdown != null ? "--no-pushdown evaluates in Spark SQL" : null;
    }

    ReadOptions.Pushdown pushdown() {
        if (noPushdown == null) {
            return ReadOptions.Pushdown.all();
        }
        Set<String> off = new java.util.HashSet<>();
        noPushdown.forEach(kind -> off.add(kind.toLowerCase(Locale.ROOT)));
        if (off.contains("all")) {
            return ReadOptions.Pushdown.none();
        }
        return new ReadOptions.Pushdown(!off.contains("filters"), !off.contains("projection"), !off.contains("count"),
                !off.contains("limit"), !off.contains("topn"), !off.contains("query"));
    }
}

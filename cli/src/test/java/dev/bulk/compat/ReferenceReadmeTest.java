package dev.bulk.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Every command line of the Bulk Executor's README, as typed there, against seeded tables in
 * DynamoDB Local. Adapted only where the README leaves a placeholder (table names, "s3://..." → a
 * local file, "select ..." → a query), where DynamoDB refuses a name (index "i" → "idx": three
 * characters at least) and where it would write 100 million or a million items (--dry-run: the
 * plan and the estimate, nothing written).
 */
class ReferenceReadmeTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final int ITEMS = 60;
    private static String t;
    private static String t2;

    @TempDir
    Path dir;

    /** Items with the README's attributes: a, b, ts, val, timestamp; every other one in the sparse index i. */
    private static List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int n = 0; n < ITEMS; n++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("pk", AttributeValue.fromS("p" + n % 5));
            item.put("sk", AttributeValue.fromS(String.format("s%03d", n)));
            item.put("a", AttributeValue.fromN(String.valueOf(n % 7)));
            item.put("b", AttributeValue.fromN("3"));
            item.put("ts", AttributeValue.fromS(n % 2 == 0 ? "2023-05-01" : "2025-05-01"));
            item.put("val", AttributeValue.fromS(n % 3 == 0 ? "x" : "y"));
            item.put("timestamp", AttributeValue.fromS(String.format("20%02d-01-%02d", 22 + n % 4, 1 + n % 28)));
            if (n % 3 != 0) {
                item.put("touched", AttributeValue.fromN(n % 2 == 0 ? "1742359503.5" : "1742359303"));
            }
            if (n % 2 == 0) {
                item.put("g", AttributeValue.fromS(n % 4 == 0 ? "foo" : "bar"));
            }
            items.add(item);
        }
        return items;
    }

    private static String table(String prefix, boolean withIndex) {
        String name = LocalDynamo.uniqueTable(prefix);
        List<String> args = new ArrayList<>(List.of("--table", name, "--pk", "pk:S", "--sk", "sk:S"));
        if (withIndex) {
            args.addAll(List.of("--gsi", "idx:g:S"));
        }
        assertThat(Cli.local("create-table", args.toArray(new String[0])).exitCode()).isZero();
        DYNAMO.putAll(name, items());
        return name;
    }

    @BeforeAll
    static void seed() {
        t = table("readme-t", true);
        t2 = table("readme-t2", false);
        // t2 differs from t in three items: one removed, one changed, one added.
        DYNAMO.client().deleteItem(r -> r.tableName(t2).key(Map.of("pk", AttributeValue.fromS("p0"), "sk",
                AttributeValue.fromS("s000"))));
        DYNAMO.putAll(t2, List.of(Map.of("pk", AttributeValue.fromS("p1"), "sk", AttributeValue.fromS("s001"), "a",
                AttributeValue.fromN("99")), Map.of("pk", AttributeValue.fromS("new"), "sk", AttributeValue.fromS("s999"))));
    }

    private static Cli.Result ok(String verb, String... args) {
        Cli.Result result = Cli.local(verb, args);
        assertThat(result.exitCode()).as(verb + " " + String.join(" ", args) + "\n" + result.all()).isZero();
        return result;
    }

    private static long count(String table, java.util.function.Predicate<Map<String, AttributeValue>> matching) {
        return DYNAMO.client().scanPaginator(ScanRequest.builder().tableName(table).build()).items().stream()
                .filter(matching).count();
    }

    @Test
    void readingAndCountingLines() {
        assertThat(ok("count", "--table", t).out()).contains("Count of matching items: " + ITEMS);
        // The README's last term compares val with ('x' or 'y'), which Spark SQL reads as booleans; here it holds for
        // every item, so the matches are those of the first two terms. It runs, as it does in the reference.
        String where = "a > b and ts < '2024' and val = ('x' or 'y')";
        long matching = count(t, i -> Integer.parseInt(i.get("a").n()) > 3 && i.get("ts").s().compareTo("2024") < 0);
        assertThat(ok("count", "--table", t, "--where", where).out()).contains("Count of matching items: " + matching);
        assertThat(ok("find", "--table", t, "--where", where).out()).contains("First 10 matching items:",
                "...and " + (matching - 10) + " more not printed");
        // Ten of the sixty are printed: the oldest ten (all from 2022, the oldest year), then the newest ten (all 2025).
        Cli.Result oldest = ok("find", "--table", t, "--orderby", "timestamp", "--limit", "100");
        assertThat(oldest.out()).contains("First 10 matching items:", "...and 50 more not printed")
                .contains("\"timestamp\":\"2022-01-01\"").doesNotContain("\"timestamp\":\"2025-");
        Cli.Result newest = ok("find", "--table", t, "--orderby", "timestamp", "desc", "--limit", "100");
        assertThat(newest.out()).contains("First 10 matching items:", "\"timestamp\":\"2025-")
                .doesNotContain("\"timestamp\":\"2022-");

        assertThat(ok("scancount", "--table", t).out()).contains("Total records counted: " + ITEMS);
        // touched is set on two items in three, half of them after the README's own :touched value.
        assertThat(ok("scancount", "--table", t, "--filter-expression", "#touched > :touched", "--expression-names",
                "{\"#touched\": \"touched\"}", "--expression-values", "{\":touched\":1742359403.0}").out())
                .contains("Total records counted: " + count(t, i -> i.containsKey("touched")
                        && Double.parseDouble(i.get("touched").n()) > 1742359403.0));
        assertThat(ok("scancount", "--table", t, "--index", "idx").out()).contains("Total records counted: " + ITEMS / 2);
        assertThat(ok("scancount", "--table", t, "--index", "idx", "--filter-expression", "g = :aval", "--expression-values",
                "{\":aval\":\"foo\"}").out()).contains("Total records counted: " + ITEMS / 4);
        assertThat(ok("scancount", "--table", t, "--XMaxReadRate", "40000").out()).contains("Total records counted: " + ITEMS);

        Cli.Result sql = ok("sql", "--table", t, "--query", "select val, count(*) as n from `" + t + "` group by val order by val",
                "--limit", "100");
        assertThat(sql.out()).contains("{\"val\":\"x\",\"n\":20}", "{\"val\":\"y\",\"n\":40}");
    }

    @Test
    void diffLines() {
        assertThat(ok("diff", "--table", t, "--table2", t2).out()).startsWith("3 differences:");
        Cli.Result full = ok("diff", "--table", t, "--table2", t2, "--format", "full", "--s3");
        assertThat(full.out()).contains("+ {\"pk\": {\"S\": \"p1\"},\"sk\": {\"S\": \"s001\"},\"a\": {\"N\": \"99\"}}");
        Cli.Result sampled = ok("diff", "--table", t, "--table2", t2, "--sample-fraction", "0.1");
        // A 60-item table has few segments, so a tenth of them rounds up to one.
        assertThat(sampled.err()).contains("% of segments (1 of ", "the same on both tables");
    }

    @Test
    void deleteLines() {
        String oldest = table("readme-del1", false);
        ok("delete", "--table", oldest, "--orderby", "timestamp", "--limit", "10");
        assertThat(DYNAMO.countByScan(oldest)).isEqualTo(ITEMS - 10);
        // The ten oldest are gone: nothing left is older than the tenth timestamp in order.
        String tenth = items().stream().map(i -> i.get("timestamp").s()).sorted().toList().get(9);
        assertThat(count(oldest, i -> i.get("timestamp").s().compareTo(tenth) < 0)).isZero();
        Cli.Result before = ok("delete", "--table", oldest, "--where", "timestamp < '2024-01-01'");
        assertThat(before.out()).contains("Deleted");
        assertThat(count(oldest, i -> i.get("timestamp").s().compareTo("2024-01-01") < 0)).isZero();
        assertThat(count(oldest, i -> true)).isEqualTo(count(t, i -> i.get("timestamp").s().compareTo("2024-01-01") >= 0));

        String large = table("readme-del2", false);
        Cli.Result glue = ok("delete", "--table", large, "--orderby", "timestamp", "--limit", "10000000",
                "--XExecutionClass", "FLEX", "--XNumberOfWorkers", "100", "--XWorkerType", "G.4X", "--XWaitForDPU");
        assertThat(glue.out()).contains("Deleted " + ITEMS + " items");
        assertThat(DYNAMO.countByScan(large)).isZero();
    }

    @Test
    void fillAndUpdateLines() {
        String users = LocalDynamo.uniqueTable("readme-users");
        assertThat(Cli.local("create-table", "--table", users, "--pk", "user_id:S").exitCode()).isZero();
        // 100 million items: the plan and the estimate only.
        Cli.Result huge = ok("fill", "--table", users, "--generator", "fakeusers", "--numitems", "100000000", "--dry-run");
        assertThat(huge.err()).contains("100,000,000", "--dry-run: nothing written");
        assertThat(DYNAMO.countByScan(users)).isZero();
        assertThat(ok("fill", "--table", users, "--generator", "fakeusers", "--numitems", "50").out())
                .contains("Total records filled: 50");
        assertThat(DYNAMO.countByScan(users)).isEqualTo(50);

        String mytable = LocalDynamo.uniqueTable("readme-mytable");
        assertThat(Cli.local("create-table", "--table", mytable, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        Cli.Result million = ok("fill", "--table", mytable, "--generator", "default", "--numitems", "1000000", "--dry-run");
        assertThat(million.err()).contains("1,000,000", "--dry-run: nothing written");
        assertThat(ok("fill", "--table", mytable, "--generator", "default.py", "--numitems", "300").out())
                .contains("Total records filled: 300");
        assertThat(ok("scancount", "--table", mytable).out()).contains("Total records filled: 300".replace("filled", "counted"));

        String touched = table("readme-upd", false);
        assertThat(ok("update", "--table", touched, "--generator", "touched").out())
                .contains("Processed " + ITEMS + " records: (" + ITEMS + " updates, 0 non-updates, 0 conditions failed)");
        assertThat(count(touched, i -> i.containsKey("touched") && i.get("touched").n() != null)).isEqualTo(ITEMS);
        assertThat(ok("fill", "--table", mytable, "--generator", "default", "--numitems", "30", "--XMaxWriteRate", "40000",
                "--generatorfunctionname", "generate").out()).contains("Total records filled: 30");
        // Another function name cannot mean anything for a Java generator: one line, exit 2, nothing written.
        Cli.Result other = Cli.local("fill", "--table", mytable, "--generator", "default", "--numitems", "30",
                "--generatorfunctionname", "make");
        assertThat(other.exitCode()).as(other.all()).isEqualTo(2);
        assertThat(other.err().strip().lines().toList()).hasSize(1).first().asString()
                .startsWith("bulk: --generatorfunctionname make: only 'generate'");
        assertThat(DYNAMO.countByScan(mytable)).isEqualTo(330);
    }

    @Test
    void loadLines() throws IOException {
        String target = LocalDynamo.uniqueTable("readme-load");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S").exitCode()).isZero();
        Path csv = Files.writeString(dir.resolve("items.csv"), "pk,name\nc1,Alice\nc2,Bob\n");
        assertThat(ok("load", "--table", target, "--format", "csv", "--s3-path", csv.toString()).out())
                .contains("Wrote 2 items to '" + target + "'");
        Path json = Files.writeString(dir.resolve("items.json"), "{\"pk\":\"j1\",\"n\":1}\n{\"pk\":\"j2\",\"n\":2}\n");
        assertThat(ok("load", "--table", target, "--format", "json", "--s3-path", json.toString()).out())
                .contains("Wrote 2 items to '" + target + "'");
        Path parquet = dir.resolve("parquet");
        Cli.shareSpark();
        SparkSession.active().sql("select 'q' || id as pk, id as n from range(3)").write().parquet(parquet.toString());
        assertThat(ok("load", "--table", target, "--format", "parquet", "--s3-path", parquet.toString()).out())
                .contains("Wrote 3 items to '" + target + "'");
        assertThat(DYNAMO.countByScan(target)).isEqualTo(7);
    }

    @Test
    void bootstrapAndTeardownSayNothingIsNeededAndSucceed() {
        for (String role : List.of("READ-ONLY", "READ-WRITE", "rolename")) {
            Cli.Result bootstrap = Cli.run("bootstrap", "--XRole", role);
            assertThat(bootstrap.exitCode()).as(bootstrap.all()).isZero();
            assertThat(bootstrap.out()).contains("bulk bootstrap: nothing to set up", "docs/CLUSTER-AWS.md");
        }
        Cli.Result teardown = Cli.run("teardown");
        assertThat(teardown.exitCode()).as(teardown.all()).isZero();
        assertThat(teardown.out()).contains("bulk teardown: nothing to remove");
        Cli.Result help = Cli.run("delete", "--help");
        assertThat(help.out()).contains("--XWaitForDPU", "--XContinuousLogging", "--XAccount", "--XDev", "--XIdleTimeout",
                "--XExecutionClass", "--XDebug", "Accepted for compatibility; no effect here because");
    }
}

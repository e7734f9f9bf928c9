package dev.bulk.verbs;

import static dev.bulk.verbs.LoadTestSupport.DYNAMO;
import static dev.bulk.verbs.LoadTestSupport.byPk;
import static dev.bulk.verbs.LoadTestSupport.load;
import static dev.bulk.verbs.LoadTestSupport.n;
import static dev.bulk.verbs.LoadTestSupport.s;
import static dev.bulk.verbs.LoadTestSupport.table;
import static dev.bulk.verbs.LoadTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * --merge-latest: only the newest record per key is written, and only over an older item; the
 * delete flag deletes older items; a second run of the same load changes nothing.
 */
class LoadMergeLatestTest {
    @TempDir
    Path dir;

    @Test
    void newestPerKeyWinsOnlyOverOlderItemsAndDeletesWhereFlagged() {
        String table = table("merge", "pk:S", null);
        DYNAMO.putAll(table, List.of(
                Map.of("pk", s("k1"), "ver", n("5"), "val", s("table")),
                Map.of("pk", s("k2"), "ver", n("5"), "val", s("table")),
                Map.of("pk", s("k3"), "ver", n("1"), "val", s("old")),
                Map.of("pk", s("k4"), "ver", n("3"), "val", s("keep"))));
        Path file = write(dir, "changes.json", String.join("\n",
                "{\"pk\": \"k1\", \"ver\": 3, \"val\": \"older\"}",
                "{\"pk\": \"k2\", \"ver\": 6, \"val\": \"new6\"}",
                "{\"pk\": \"k1\", \"ver\": 4, \"val\": \"older too\"}",
                "{\"pk\": \"k2\", \"ver\": 7, \"val\": \"new7\"}",
                "{\"pk\": \"k3\", \"ver\": 2, \"deleted\": true}",
                "{\"pk\": \"k4\", \"ver\": 2, \"deleted\": true}",
                "{\"pk\": \"k5\", \"ver\": 1, \"val\": \"fresh\", \"deleted\": false}",
                "{\"pk\": \"k6\", \"ver\": 1, \"deleted\": true}",
                "{\"pk\": \"k2\", \"ver\": 7, \"val\": \"new7b\"}",
                "{\"pk\": \"k7\", \"val\": \"no version\"}") + "\n");
        Map<String, Map<String, AttributeValue>> expected = Map.of(
                "k1", Map.of("pk", s("k1"), "ver", n("5"), "val", s("table")),
                "k2", Map.of("pk", s("k2"), "ver", n("7"), "val", s("new7b")), // a tie: the later record wins
                "k4", Map.of("pk", s("k4"), "ver", n("3"), "val", s("keep")),
                "k5", Map.of("pk", s("k5"), "ver", n("1"), "val", s("fresh")));

        Path first = dir.resolve("run1");
        Cli.Result result = load(table, first, "--format", "json", "--s3-path", file.toString(), "--merge-latest", "ver",
                "--delete-flag", "deleted");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(3); // k7 has no version: refused
        assertThat(result.out()).contains("Wrote 2 items to '" + table + "'").contains("Deleted 1 items from '" + table + "'");
        assertThat(result.err()).contains("Rows read: 10   refused: 1   superseded by a newer record of their key: 3   "
                + "not newer than the table: 3");
        assertThat(byPk(table, "pk")).isEqualTo(expected);
        assertThat(LoadTestSupport.refusedRows(first)).singleElement().satisfies(row -> {
            assertThat(row.get("row").asLong()).isEqualTo(10);
            assertThat(row.get("error").asText()).contains("--merge-latest column 'ver'");
        });

        Cli.Result again = load(table, dir.resolve("run2"), "--format", "json", "--s3-path", file.toString(), "--merge-latest",
                "ver", "--delete-flag", "deleted");
        assertThat(again.out()).contains("Wrote 0 items").contains("Deleted 0 items");
        assertThat(again.err()).contains("not newer than the table: 6");
        assertThat(byPk(table, "pk")).isEqualTo(expected);
    }

    @Test
    void csvOrderColumnTypedByMappingsComparesAsNumbers() {
        String table = table("merge-csv", "pk:S", null);
        DYNAMO.putAll(table, List.of(Map.of("pk", s("a"), "ts", n("9"), "v", s("table"))));
        // As strings "10" < "9"; typed as long, 10 is newer than the table's 9.
        Path file = write(dir, "c.csv", "pk,ts,v\na,10,ten\na,2,two\n");
        Path mappings = write(dir, "m.json", "{\"mappings\": [[\"pk\", \"string\", \"pk\", \"string\"], "
                + "[\"ts\", \"string\", \"ts\", \"long\"], [\"v\", \"string\", \"v\", \"string\"]]}");
        Cli.Result result = load(table, dir.resolve("csv"), "--format", "csv", "--s3-path", file.toString(), "--mappings",
                mappings.toString(), "--merge-latest", "ts");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(byPk(table, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "ts", n("10"), "v", s("ten"))));
    }
}

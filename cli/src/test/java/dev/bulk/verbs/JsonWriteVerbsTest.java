package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.ExportFixture;
import dev.bulk.testing.ExportFixture.Change;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * --json on the verbs that write (fill, delete, truncate, update, copy, load, load-export,
 * revert-export): one object on stdout whose counts match what the test's own SDK scan finds in
 * the table afterwards; the human lines are on stderr.
 */
class JsonWriteVerbsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path dir;

    private String output(String name) {
        return dir.resolve(name).toString();
    }

    private static String table(String prefix) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        return table;
    }

    /** 60 items: pk p0..p6, sk 0..59, n = sk % 20. */
    private static String seeded(String prefix) {
        String table = table(prefix);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(item("p" + i % 7, i, "n", AttributeValue.fromN(String.valueOf(i % 20))));
        }
        DYNAMO.putAll(table, items);
        return table;
    }

    private static Map<String, AttributeValue> item(String pk, int sk, String name, AttributeValue value) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(String.valueOf(sk)), name, value);
    }

    @Test
    void fillCountsTheItemsWritten() {
        String table = LocalDynamo.uniqueTable("json-fill");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();

        JsonRun.Outcome fill = JsonRun.run(0, "fill", "--table", table, "--generator", "default", "--numitems", "150",
                "--output", output("fill"));

        assertThat(fill.count("written")).isEqualTo(150);
        assertThat(fill.count("failed")).isZero();
        assertThat(DYNAMO.countByScan(table)).isEqualTo(fill.count("written") - fill.count("repeatedKeys"));
        assertThat(fill.result().err()).contains("Total records filled: 150");
    }

    @Test
    void deleteCountsTheItemsItDeleted() {
        String table = seeded("json-del");

        JsonRun.Outcome delete = JsonRun.run(0, "delete", "--table", table, "--where", "n < 5", "--yes", "--output",
                output("delete"));

        // n < 5: sk 0-4, 20-24, 40-44
        assertThat(delete.count("deleted")).isEqualTo(15);
        assertThat(delete.count("failed")).isZero();
        assertThat(DYNAMO.countByScan(table)).isEqualTo(60 - 15);
        assertThat(delete.object().path("files").has("failures")).isFalse();
        assertThat(delete.result().err()).contains("Deleted 15 items");
    }

    @Test
    void truncateCountsEveryItemDeleted() {
        String table = seeded("json-trunc");

        JsonRun.Outcome truncate = JsonRun.run(0, "truncate", "--table", table, "--yes", "--output", output("truncate"));

        assertThat(truncate.count("deleted")).isEqualTo(60);
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void updateCountsTheItemsUpdated() {
        String table = seeded("json-upd");

        JsonRun.Outcome update = JsonRun.run(0, "update", "--table", table, "--generator", "touched", "--yes", "--output",
                output("update"));

        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after = MutationsTest.scan(table, PK_SK);
        long touched = after.values().stream().filter(item -> item.containsKey("touched")).count();
        assertThat(update.count("updated")).isEqualTo(touched).isEqualTo(60);
        assertThat(update.count("nonUpdates")).isZero();
        assertThat(update.result().err()).contains("Processed 60 records");
    }

    @Test
    void copyCountsTheItemsCopied() {
        String source = seeded("json-copy");
        String target = table("json-copy-t");

        JsonRun.Outcome copy = JsonRun.run(0, "copy", "--source", source, "--target", target, "--yes", "--output",
                output("copy"));

        assertThat(copy.count("copied")).isEqualTo(DYNAMO.countByScan(target)).isEqualTo(60);
        assertThat(MutationsTest.scan(target, PK_SK)).isEqualTo(MutationsTest.scan(source, PK_SK));
    }

    @Test
    void loadCountsRowsWrittenAndRefused() throws IOException {
        String table = table("json-load");
        StringBuilder csv = new StringBuilder("pk,sk,name\n");
        for (int i = 0; i < 25; i++) {
            csv.append("p").append(i % 3).append(',').append(i).append(",name").append(i).append('\n');
        }
        csv.append("p9,not-a-number,x\n");
        Path file = Files.writeString(dir.resolve("people.csv"), csv.toString());

        JsonRun.Outcome load = JsonRun.run(3, "load", "--table", table, "--format", "csv", "--s3-path", file.toString(), "--yes",
                "--output", output("load"));

        assertThat(load.object().path("status").asText()).isEqualTo("partial");
        assertThat(load.count("rows")).isEqualTo(26);
        assertThat(load.count("written")).isEqualTo(DYNAMO.countByScan(table)).isEqualTo(25);
        assertThat(load.count("refused")).isEqualTo(1);
        assertThat(load.file("failures")).isEqualTo(dir.resolve("load/failures").toAbsolutePath());
        assertThat(load.file("failures")).isDirectory();
    }

    @Test
    void loadExportAndRevertExportCountTheItemsApplied() {
        String table = table("json-lx");
        Map<String, AttributeValue> a1 = item("a", 1, "v", AttributeValue.fromN("1"));
        Map<String, AttributeValue> a2 = item("a", 2, "v", AttributeValue.fromN("1"));
        Map<String, AttributeValue> a3 = item("a", 3, "v", AttributeValue.fromN("1"));
        Map<String, AttributeValue> a1v2 = item("a", 1, "v", AttributeValue.fromN("2"));
        DYNAMO.putAll(table, List.of(a1, a2));
        // insert a3, update a1, delete a2
        Path export = ExportFixture.incremental(dir, "", "01700000000001-json0001", "NEW_AND_OLD_IMAGES",
                List.of(new Change(MutationsTest.key(a3, PK_SK), a3, null), new Change(MutationsTest.key(a1, PK_SK), a1v2, a1),
                        new Change(MutationsTest.key(a2, PK_SK), null, a2)), 2);

        JsonRun.Outcome load = JsonRun.run(0, "load-export", "--table", table, "--s3-path", export.toString(), "--yes",
                "--output", output("load-export"));

        assertThat(load.count("itemsInExport")).isEqualTo(3);
        assertThat(load.count("written")).isEqualTo(3);
        assertThat(MutationsTest.scan(table, PK_SK)).containsOnlyKeys(MutationsTest.key(a1, PK_SK), MutationsTest.key(a3, PK_SK));

        JsonRun.Outcome revert = JsonRun.run(0, "revert-export", "--table", table, "--s3-path", export.toString(), "--yes",
                "--output", output("revert-export"));

        assertThat(revert.count("itemsInExport")).isEqualTo(3);
        assertThat(revert.count("written")).isEqualTo(3);
        assertThat(MutationsTest.scan(table, PK_SK)).containsOnlyKeys(MutationsTest.key(a1, PK_SK), MutationsTest.key(a2, PK_SK));
        assertThat(MutationsTest.scan(table, PK_SK).get(MutationsTest.key(a1, PK_SK))).isEqualTo(a1);
    }
}

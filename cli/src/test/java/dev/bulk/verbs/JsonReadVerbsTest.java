package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * --json on the verbs that read (count, scancount, find, sql, export, diff) and on refused
 * commands: one object on stdout whose counts are the table's, checked against what the test
 * wrote with the plain SDK; the human lines are on stderr.
 */
class JsonReadVerbsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final int ITEMS = 60;
    private static String table;
    private static List<Map<String, AttributeValue>> items;

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        table = LocalDynamo.uniqueTable("json-read");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        items = items(ITEMS);
        DYNAMO.putAll(table, items);
    }

    private static List<Map<String, AttributeValue>> items(int count) {
        List<Map<String, AttributeValue>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Map.of("pk", AttributeValue.fromS("p" + i % 7), "sk", AttributeValue.fromN(String.valueOf(i)),
                    "n", AttributeValue.fromN(String.valueOf(i % 20))));
        }
        return list;
    }

    private static long withNBelow(int bound) {
        return items.stream().filter(item -> Integer.parseInt(item.get("n").n()) < bound).count();
    }

    @Test
    void countPrintsTheMatchingItemsAsCountsCount() {
        JsonRun.Outcome count = JsonRun.run(0, "count", "--table", table, "--where", "n < 7");

        assertThat(count.count("count")).isEqualTo(withNBelow(7)).isEqualTo(21);
        assertThat(count.object().path("status").asText()).isEqualTo("succeeded");
        assertThat(count.object().path("durationSeconds").isNumber()).isTrue();
        assertThat(count.result().err()).contains("Count of matching items: 21");
        assertThat(count.object().path("arguments").toString()).contains("n < 7");
    }

    @Test
    void scancountPrintsTheItemsCountedAndTheSegments() {
        JsonRun.Outcome scan = JsonRun.run(0, "scancount", "--table", table, "--segments", "4");

        assertThat(scan.count("counted")).isEqualTo(DYNAMO.countByScan(table)).isEqualTo(ITEMS);
        assertThat(scan.count("totalSegments")).isEqualTo(4);
        assertThat(scan.count("segmentsScanned")).isEqualTo(4);
        assertThat(scan.result().err()).contains("Total records counted: 60");
    }

    @Test
    void findNamesTheResultFolderThatHoldsTheMatches() {
        JsonRun.Outcome find = JsonRun.run(0, "find", "--table", table, "--where", "n >= 15", "--output",
                dir.resolve("find").toString());

        long expected = ITEMS - withNBelow(15);
        assertThat(find.count("items")).isEqualTo(expected).isEqualTo(15);
        assertThat(find.file("result")).isEqualTo(dir.resolve("find/result").toAbsolutePath());
        assertThat(JsonRun.resultLines(find.file("result"))).isEqualTo(expected);
        assertThat(find.runFolder()).isEqualTo(dir.resolve("find").toAbsolutePath());
        assertThat(find.result().err()).contains("matching items").contains("Wrote 15 items");
    }

    @Test
    void sqlCountsTheResultRowsAndNamesTheirFiles() {
        JsonRun.Outcome sql = JsonRun.run(0, "sql", "--table", table, "--query",
                "SELECT n, count(*) AS c FROM `" + table + "` GROUP BY n", "--output", dir.resolve("sql").toString());

        long distinct = items.stream().map(item -> item.get("n").n()).distinct().count();
        assertThat(sql.count("rows")).isEqualTo(distinct).isEqualTo(20);
        assertThat(JsonRun.resultLines(sql.file("result"))).isEqualTo(distinct);
        assertThat(sql.result().err()).contains("Wrote 20 rows");
    }

    @Test
    void exportCountsTheExportedItemsAndNamesTheFolder() {
        JsonRun.Outcome export = JsonRun.run(0, "export", "--table", table, "--output", dir.resolve("export").toString());

        assertThat(export.count("exported")).isEqualTo(DYNAMO.countByScan(table)).isEqualTo(ITEMS);
        assertThat(JsonRun.resultLines(export.file("result"))).isEqualTo(ITEMS);
        assertThat(export.result().err()).contains("Exported 60 items");
    }

    @Test
    void diffCountsRemovedAddedAndChangedItems() {
        String other = LocalDynamo.uniqueTable("json-read2");
        assertThat(Cli.local("create-table", "--table", other, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        // The second table: the first without 2 items, 3 items more, 4 items changed.
        List<Map<String, AttributeValue>> second = new ArrayList<>();
        for (int i = 2; i < ITEMS; i++) {
            Map<String, AttributeValue> item = new HashMap<>(items.get(i));
            if (i < 6) {
                item.put("n", AttributeValue.fromN("100"));
            }
            second.add(item);
        }
        second.addAll(items(ITEMS + 3).subList(ITEMS, ITEMS + 3));
        DYNAMO.putAll(other, second);

        JsonRun.Outcome diff = JsonRun.run(0, "diff", "--table", table, "--table2", other, "--output",
                dir.resolve("diff").toString());

        assertThat(diff.count("removed")).isEqualTo(2);
        assertThat(diff.count("added")).isEqualTo(3);
        assertThat(diff.count("changed")).isEqualTo(4);
        assertThat(diff.count("differences")).isEqualTo(9);
        assertThat(diff.count("itemsTable")).isEqualTo(DYNAMO.countByScan(table));
        assertThat(diff.count("itemsTable2")).isEqualTo(DYNAMO.countByScan(other));
        assertThat(JsonRun.resultLines(diff.file("result"))).isEqualTo(9);
        assertThat(diff.result().err()).contains("Wrote 9 differences");
    }

    @Test
    void aFlagRefusedWhileReadingTheCommandLineStillGivesOneObject() {
        Cli.Result result = Cli.local("count", "--table", table, "--limit", "many", "--json");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err().strip().lines().count()).as(result.err()).isEqualTo(1);
        JsonNode object = JsonRun.only(result.out());
        assertThat(object.path("status").asText()).isEqualTo("usage");
        assertThat(object.path("exitCode").asInt()).isEqualTo(2);
        assertThat(object.path("verb").asText()).isEqualTo("count");
        assertThat(object.path("message").asText()).contains("--limit").contains("many");
        assertThat(object.path("runId").isNull()).isTrue();
        assertThat(object.path("runFolder").isNull()).isTrue();
    }

    @Test
    void aUsageErrorFoundByTheVerbNamesTheFlagInTheObject() {
        JsonRun.Outcome unknown = JsonRun.run(2, "count", "--table", "no-such-table-" + ProcessHandle.current().pid());

        assertThat(unknown.object().path("status").asText()).isEqualTo("usage");
        assertThat(unknown.object().path("message").asText()).startsWith("--table").contains("no-such-table");
        assertThat(unknown.result().err().strip().lines().filter(line -> line.startsWith("bulk: ")).count()).isEqualTo(1);
        assertThat(unknown.object().path("runFolder").isNull()).isTrue();

        JsonRun.Outcome segments = JsonRun.run(2, "scancount", "--table", table, "--segments", "0");
        assertThat(segments.object().path("message").asText()).contains("--segments");
    }

    @Test
    void anAwsCliOutputFormatPointsToJson() {
        Cli.Result result = Cli.local("count", "--table", table, "--output", "json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--output json").contains("use --json (one JSON object on stdout)");
        assertThat(Files.exists(Path.of("json"))).isFalse();
    }
}

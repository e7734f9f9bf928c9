package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.cli.Main;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * update --set/--remove/--add/--where/--condition as a user types them, against a real DynamoDB
 * Local and local Spark. Each test computes the expected items from the ones it wrote and compares
 * them with a plain SDK scan of the table afterwards.
 */
class DeclarativeUpdateTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path out;

    private String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(out.resolve("run-" + System.nanoTime()).toString());
        return all.toArray(new String[0]);
    }

    /** Items pk 'p', sk i, n = i, status open (even i) or closed, old 'x', tags [1]. */
    private static List<Map<String, AttributeValue>> table(String table, int count) {
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("p" + i % 3));
            item.put("sk", AttributeValue.fromN(Integer.toString(i)));
            item.put("n", AttributeValue.fromN(Integer.toString(i)));
            item.put("status", AttributeValue.fromS(i % 2 == 0 ? "open" : "closed"));
            item.put("old", AttributeValue.fromS("x"));
            item.put("tags", AttributeValue.fromL(List.of(AttributeValue.fromN("1"))));
            items.add(item);
        }
        DYNAMO.putAll(table, items);
        return items;
    }

    private static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey = new HashMap<>();
        items.forEach(item -> byKey.put(MutationsTest.key(item, PK_SK), item));
        return byKey;
    }

    private static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> scan(String table) {
        return MutationsTest.scan(table, PK_SK);
    }

    private static int n(Map<String, AttributeValue> item) {
        return Integer.parseInt(item.get("n").n());
    }

    @Test
    void setsALiteralIncrementsRemovesAndAddsOnEveryItem() {
        String table = LocalDynamo.uniqueTable("upd-decl");
        List<Map<String, AttributeValue>> items = table(table, 60);

        Cli.Result update = Cli.local("update", with("--table", table, "--set", "status = 'done'", "--set", "n = n + 1",
                "--remove", "old", "--add", "visits = 2", "--set", "tags = list_append(tags, [2, 3]), first = if_not_exists(first, 0)",
                "--set", "meta = {source: \"bulk\"}", "--set", "meta.level = 1"));

        assertThat(update.exitCode()).as(update.all()).isEqualTo(2);
        assertThat(update.err()).contains("DynamoDB rejects this update");
        assertThat(scan(table)).isEqualTo(byKey(items));

        update = Cli.local("update", with("--table", table, "--set", "status = 'done'", "--set", "n = n + 1",
                "--remove", "old", "--add", "visits = 2", "--set", "tags = list_append(tags, [2, 3]), first = if_not_exists(first, 0)",
                "--set", "meta = {source: \"bulk\", `odd name`: true}"));

        assertThat(update.exitCode()).as(update.all()).isZero();
        assertThat(update.out()).contains("Processed 60 records: (60 updates, 0 non-updates, 0 conditions failed)");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> expected = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> now = new HashMap<>(item);
            now.put("status", AttributeValue.fromS("done"));
            now.put("n", AttributeValue.fromN(Integer.toString(n(item) + 1)));
            now.remove("old");
            now.put("visits", AttributeValue.fromN("2"));
            now.put("tags", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromN("2"),
                    AttributeValue.fromN("3"))));
            now.put("first", AttributeValue.fromN("0"));
            now.put("meta", AttributeValue.fromM(Map.of("source", AttributeValue.fromS("bulk"), "odd name",
                    AttributeValue.fromBool(true))));
            expected.put(MutationsTest.key(item, PK_SK), now);
        }
        assertThat(scan(table)).isEqualTo(expected);
    }

    @Test
    void whereAndAFailingConditionLeaveTheOtherItemsAloneAndCountThem() {
        String table = LocalDynamo.uniqueTable("upd-where");
        List<Map<String, AttributeValue>> items = table(table, 60);

        Cli.Result update = Cli.local("update", with("--table", table, "--where", "n >= 30", "--condition", "status = 'open'",
                "--set", "flag = true"));

        assertThat(update.exitCode()).as(update.all()).isZero();
        // n 30..59 match; the 15 even ones are open.
        assertThat(update.out()).contains("Processed 30 records: (15 updates, 0 non-updates, 15 conditions failed)");
        assertThat(update.err()).doesNotContain("not re-checked");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> expected = byKey(items);
        for (Map<String, AttributeValue> item : items) {
            if (n(item) >= 30 && item.get("status").s().equals("open")) {
                Map<String, AttributeValue> now = new HashMap<>(item);
                now.put("flag", AttributeValue.fromBool(true));
                expected.put(MutationsTest.key(item, PK_SK), now);
            }
        }
        assertThat(scan(table)).isEqualTo(expected);
    }

    @Test
    void aMatchThatChangedAfterStagingIsNotUpdated() {
        String table = LocalDynamo.uniqueTable("upd-recheck");
        List<Map<String, AttributeValue>> items = table(table, 40);
        // Five of the matches no longer match once they are staged: the change is made when the run says it staged
        // them, before it writes anything (the run waits for its own stderr line).
        List<Map<String, AttributeValue>> changed = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> now = new HashMap<>(item);
            if (n(item) >= 20 && n(item) < 25) {
                now.put("n", AttributeValue.fromN("5"));
            }
            changed.add(now);
        }
        Cli.shareSpark();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream errWithHook = new OutputStream() {
            private boolean changedYet;

            @Override
            public void write(int b) {
                err.write(b);
                if (b == '\n' && !changedYet && err.toString(StandardCharsets.UTF_8).contains("Found 20 matching items")) {
                    changedYet = true;
                    DYNAMO.putAll(table, changed);
                }
            }
        };

        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(errWithHook, true,
                StandardCharsets.UTF_8), with("update", "--endpoint", DYNAMO.endpoint(), "--table", table, "--where", "n >= 20",
                "--set", "flag = true"));

        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(all).isZero();
        assertThat(all).contains("Processed 20 records: (15 updates, 0 non-updates, 5 conditions failed)");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> expected = byKey(changed);
        for (Map<String, AttributeValue> item : changed) {
            if (n(item) >= 20) {
                Map<String, AttributeValue> now = new HashMap<>(item);
                now.put("flag", AttributeValue.fromBool(true));
                expected.put(MutationsTest.key(item, PK_SK), now);
            }
        }
        assertThat(scan(table)).isEqualTo(expected);
    }

    @Test
    void aWhereDynamoDbCannotEvaluateIsSaidOnceAndStillSelects() {
        String table = LocalDynamo.uniqueTable("upd-where-spark");
        List<Map<String, AttributeValue>> items = table(table, 30);

        Cli.Result update = Cli.local("update", with("--table", table, "--where", "n % 10 = 0", "--set", "flag = true"));

        assertThat(update.exitCode()).as(update.all()).isZero();
        assertThat(update.out()).contains("Processed 3 records: (3 updates, 0 non-updates, 0 conditions failed)");
        assertThat(update.err()).containsOnlyOnce("not re-checked when each item is written");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> expected = byKey(items);
        for (Map<String, AttributeValue> item : items) {
            if (n(item) % 10 == 0) {
                Map<String, AttributeValue> now = new HashMap<>(item);
                now.put("flag", AttributeValue.fromBool(true));
                expected.put(MutationsTest.key(item, PK_SK), now);
            }
        }
        assertThat(scan(table)).isEqualTo(expected);

        Cli.Result pattern = Cli.local("update", with("--table", table, "--where", "status rlike '^op'", "--set", "flag = false",
                "--dry-run"));
        assertThat(pattern.exitCode()).as(pattern.all()).isZero();
        assertThat(pattern.out()).contains("--dry-run: would update 15 items");
        assertThat(pattern.err()).containsOnlyOnce("not re-checked when each item is written");
    }

    @Test
    void badClausesAreRefusedWithTheFlagAndNothingChanges() {
        String table = LocalDynamo.uniqueTable("upd-bad");
        List<Map<String, AttributeValue>> items = table(table, 10);
        String[][] bad = {
            {"--set", "n = = 1"},
            {"--set", "n = :v"},
            {"--set", "status = open'"},
            {"--set", "sk = 5"},
            {"--set", "n = nope(1)"},
            {"--remove", "n,"},
            {"--add", "n = 'a'"},
            {"--set", "n = 1", "--condition", "status = "},
            {"--set", "n = 1", "--generator", "touched"},
            {"--condition", "n = 1"},
            {"--set", "n = 'a' + 1"},
        };
        for (String[] flags : bad) {
            List<String> args = new ArrayList<>(List.of("--table", table));
            args.addAll(List.of(flags));
            Cli.Result update = Cli.local("update", with(args.toArray(new String[0])));
            assertThat(update.exitCode()).as(String.join(" ", flags) + "\n" + update.all()).isEqualTo(2);
            // The last flag is the one at fault; the one line names it and its value.
            String flag = flags[flags.length - 2];
            String value = flags[flags.length - 1];
            assertThat(update.err().lines().filter(line -> line.contains(flag) && line.contains(value)).count())
                    .as(update.err()).isEqualTo(1);
        }
        Cli.Result none = Cli.local("update", with("--table", table));
        assertThat(none.exitCode()).as(none.all()).isEqualTo(2);
        assertThat(none.err()).contains("--set").contains("--generator");
        assertThat(scan(table)).isEqualTo(byKey(items));
    }

    @Test
    void anUpdateDynamoDbRejectsForTheItemsIsAFailureNotASilentLoss() {
        String table = LocalDynamo.uniqueTable("upd-type");
        List<Map<String, AttributeValue>> items = table(table, 12);

        // status holds strings: DynamoDB cannot add 1 to them.
        Cli.Result update = Cli.local("update", with("--table", table, "--set", "status = status + 1"));

        assertThat(update.exitCode()).as(update.all()).isEqualTo(3);
        assertThat(update.out()).contains("Processed 12 records: (0 updates, 0 non-updates, 0 conditions failed)");
        assertThat(update.err()).contains("12 items failed").contains("No update went through; DynamoDB's answer for the "
                + "first item: ").contains("incorrect data type");
        assertThat(scan(table)).isEqualTo(byKey(items));
    }

    @Test
    void dryRunCountsAndWritesNothing() {
        String table = LocalDynamo.uniqueTable("upd-dry");
        List<Map<String, AttributeValue>> items = table(table, 25);

        Cli.Result all = Cli.local("update", with("--table", table, "--set", "n = n + 1", "--dry-run"));
        Cli.Result some = Cli.local("update", with("--table", table, "--set", "n = n + 1", "--where", "status = 'open'",
                "--dry-run"));

        assertThat(all.exitCode()).as(all.all()).isZero();
        assertThat(all.out()).contains("--dry-run: would update 25 items");
        assertThat(some.exitCode()).as(some.all()).isZero();
        assertThat(some.out()).contains("--dry-run: would update 13 items");
        assertThat(scan(table)).isEqualTo(byKey(items));
    }
}

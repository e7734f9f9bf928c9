package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * delete, truncate, update and copy against a real DynamoDB Local and local Spark. Each test
 * computes the expected post-state from the items it wrote, independently of the tool, and
 * compares it with a plain SDK scan of the table afterwards.
 */
class MutationsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @TempDir
    Path out;

    private String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(out.resolve("run-" + System.nanoTime()).toString());
        return all.toArray(new String[0]);
    }

    /** A table of RichItems (pk S, sk N, every attribute type), written with the plain SDK. */
    private static List<Map<String, AttributeValue>> richTable(String table, int count) {
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = RichItems.items(count);
        DYNAMO.putAll(table, items);
        return items;
    }

    /** Every item of a table by key (the test's own scan). */
    static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> scan(String table, List<String> keyNames) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                byKey.put(key(item, keyNames), normalized(item));
            }
        }
        return byKey;
    }

    static Map<String, AttributeValue> key(Map<String, AttributeValue> item, List<String> keyNames) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        keyNames.forEach(name -> key.put(name, item.get(name)));
        return key;
    }

    private static final List<String> PK_SK = List.of("pk", "sk");

    private static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey = new HashMap<>();
        items.forEach(item -> byKey.put(key(item, PK_SK), normalized(item)));
        return byKey;
    }

    /** Sets in a fixed order: DynamoDB returns set elements in an order of its own. */
    static Map<String, AttributeValue> normalized(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new HashMap<>();
        item.forEach((name, value) -> copy.put(name, normalized(value)));
        return copy;
    }

    private static AttributeValue normalized(AttributeValue value) {
        if (value.hasSs()) {
            return AttributeValue.fromSs(value.ss().stream().sorted().toList());
        }
        if (value.hasNs()) {
            return AttributeValue.fromNs(value.ns().stream().sorted().toList());
        }
        if (value.hasBs()) {
            return AttributeValue.fromBs(value.bs().stream().sorted(Comparator.comparing(SdkBytes::asByteBuffer)).toList());
        }
        if (value.hasM()) {
            return AttributeValue.fromM(normalized(value.m()));
        }
        if (value.hasL()) {
            return AttributeValue.fromL(value.l().stream().map(MutationsTest::normalized).toList());
        }
        return value;
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Long.MIN_VALUE : new BigDecimal(value.n()).longValue();
    }

    @Test
    void deleteWhereDeletesExactlyTheMatchingItems() {
        String table = LocalDynamo.uniqueTable("del-where");
        List<Map<String, AttributeValue>> items = richTable(table, 600);
        // n < 3 (missing n is not a match) and pk not p1
        List<Map<String, AttributeValue>> kept = items.stream()
                .filter(item -> !(item.containsKey("n") && n(item, "n") < 3 && !item.get("pk").s().equals("p1")))
                .toList();
        long expectedDeleted = items.size() - kept.size();

        Cli.Result delete = Cli.local("delete", with("--table", table, "--where", "n < 3 and pk <> 'p1'", "--yes"));

        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(delete.out()).contains(String.format("Deleted %,d items", expectedDeleted));
        assertThat(delete.err()).contains(String.format("Found %,d matching items", expectedDeleted));
        assertThat(scan(table, PK_SK)).isEqualTo(byKey(kept));
    }

    @Test
    void deleteOrderbyLimitDeletesTheFirstNInThatOrder() {
        String table = LocalDynamo.uniqueTable("del-top");
        List<Map<String, AttributeValue>> items = richTable(table, 300);
        List<Map<String, AttributeValue>> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong((Map<String, AttributeValue> item) -> n(item, "sk")).reversed());
        List<Map<String, AttributeValue>> kept = sorted.subList(40, sorted.size());

        Cli.Result delete = Cli.local("delete", with("--table", table, "--orderby", "sk", "desc", "--limit", "40"));

        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(delete.out()).contains("Deleted 40 items");
        assertThat(scan(table, PK_SK)).isEqualTo(byKey(kept));
    }

    @Test
    void deleteAllWithKeysOfEveryTypeRoundTripsTheKeys() {
        // Binary partition keys; numeric sort keys with fractions and 38 digits.
        String table = LocalDynamo.uniqueTable("del-keys");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "id:B", "--sk", "v:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String[] numbers = {"0.5", "-1.25", "12345678901234567890123456789012345678", "-0.00000000000000000000000000000000000001",
                "3", "99999999999999999999999999999999999999", "1E+5", "7.000000000000000000000000000000000001"};
        for (int i = 0; i < 40; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) i, 0, (byte) 0xff, (byte) 0x80})));
            item.put("v", AttributeValue.fromN(numbers[i % numbers.length]));
            item.put("keep", AttributeValue.fromBool(i % 4 == 0));
            items.add(item);
        }
        DYNAMO.putAll(table, items);
        String numericTable = LocalDynamo.uniqueTable("del-numkey");
        assertThat(Cli.local("create-table", "--table", numericTable, "--pk", "k:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> numeric = new ArrayList<>();
        for (String number : numbers) {
            numeric.add(Map.of("k", AttributeValue.fromN(number)));
        }
        DYNAMO.putAll(numericTable, numeric);

        Cli.Result some = Cli.local("delete", with("--table", table, "--where", "keep = false"));
        Cli.Result all = Cli.local("delete", with("--table", numericTable));

        assertThat(some.exitCode()).as(some.all()).isZero();
        assertThat(some.out()).contains("Deleted 30 items");
        assertThat(scan(table, List.of("id", "v")).values()).allMatch(item -> item.get("keep").bool())
                .hasSize(10);
        assertThat(all.exitCode()).as(all.all()).isZero();
        assertThat(all.out()).contains("Deleted " + numbers.length + " items");
        assertThat(DYNAMO.countByScan(numericTable)).isZero();
    }

    @Test
    void truncateDeletesEveryItemAndCountsWhatDynamoConfirmed() {
        String table = LocalDynamo.uniqueTable("truncate");
        richTable(table, 700);

        Cli.Result truncate = Cli.local("truncate", with("--table", table, "--segments", "12"));

        assertThat(truncate.exitCode()).as(truncate.all()).isZero();
        assertThat(truncate.out()).contains("Deleted 700 items");
        assertThat(DYNAMO.countByScan(table)).isZero();
        Cli.Result again = Cli.local("truncate", with("--table", table));
        assertThat(again.out()).as(again.all()).contains("Deleted 0 items");
    }

    @Test
    void dryRunsChangeNothingAndCountWhatWouldChange() {
        String table = LocalDynamo.uniqueTable("dry");
        List<Map<String, AttributeValue>> items = richTable(table, 200);
        String target = LocalDynamo.uniqueTable("dry-target");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        long matches = items.stream().filter(item -> item.get("pk").s().equals("p2")).count();

        Cli.Result delete = Cli.local("delete", with("--table", table, "--where", "pk = 'p2'", "--dry-run"));
        Cli.Result truncate = Cli.local("truncate", with("--table", table, "--dry-run"));
        Cli.Result update = Cli.local("update", with("--table", table, "--generator", "touched", "--dry-run"));
        Cli.Result copy = Cli.local("copy", with("--source", table, "--target", target, "--dry-run"));

        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(delete.out()).contains(String.format("would delete %d items", matches));
        assertThat(truncate.out()).as(truncate.all()).contains("would delete 200 items");
        assertThat(update.out()).as(update.all()).contains("would update 200 of 200 items");
        assertThat(copy.out()).as(copy.all()).contains("would copy 200 items");
        assertThat(scan(table, PK_SK)).isEqualTo(byKey(items));
        assertThat(DYNAMO.countByScan(target)).isZero();
    }

    @Test
    void updateTouchedSetsTouchedOnEveryItemAndChangesNothingElse() {
        String table = LocalDynamo.uniqueTable("upd-touched");
        List<Map<String, AttributeValue>> items = richTable(table, 500);
        BigDecimal before = BigDecimal.valueOf(System.currentTimeMillis()).movePointLeft(3);

        Cli.Result update = Cli.local("update", with("--table", table, "--generator", "touched"));

        assertThat(update.exitCode()).as(update.all()).isZero();
        assertThat(update.out()).contains("Processed 500 records: (500 updates, 0 non-updates, 0 conditions failed)");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after = scan(table, PK_SK);
        assertThat(after).hasSize(500);
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> now = new HashMap<>(after.get(key(item, PK_SK)));
            assertThat(new BigDecimal(now.remove("touched").n())).isGreaterThanOrEqualTo(before);
            assertThat(now).isEqualTo(normalized(item));
        }
    }

    @Test
    void aUserUpdaterSkipsFailsConditionsAndRecordsItsExceptionsWithTheKey(@TempDir Path scripts) throws Exception {
        String table = LocalDynamo.uniqueTable("upd-user");
        List<Map<String, AttributeValue>> items = richTable(table, 300);
        Files.createDirectories(scripts.resolve("update"));
        // n = 1 → set status (only if the item has no price); sk 7 throws; everything else is left alone.
        Files.writeString(scripts.resolve("update/Status.java"), """
                import dev.bulk.scripts.ItemUpdate;
                import dev.bulk.scripts.ItemUpdater;
                import java.util.Map;
                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                public class Status implements ItemUpdater {
                    public ItemUpdate update(Map<String, AttributeValue> item) {
                        if (item.get("sk").n().equals("7")) {
                            throw new IllegalStateException("no updates for seven");
                        }
                        AttributeValue n = item.get("n");
                        if (n == null || !n.n().equals("1")) {
                            return null;
                        }
                        return ItemUpdate.of(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                                .set("SET #s = :s")
                                .condition("attribute_not_exists(price)")
                                .name("#s", "status")
                                .value(":s", "one");
                    }
                }
                """);
        long ones = items.stream().filter(item -> n(item, "n") == 1 && n(item, "sk") != 7).count();
        long onesWithoutPrice = items.stream().filter(item -> n(item, "n") == 1 && n(item, "sk") != 7
                && !item.containsKey("price")).count();
        String runDir = out.resolve("user-run").toString();

        Cli.Result update = Cli.local("update", "--table", table, "--generator", "Status", "--scripts-dir", scripts.toString(),
                "--output", runDir);

        assertThat(update.exitCode()).as(update.all()).isEqualTo(3);
        assertThat(update.out()).contains(String.format("Processed 300 records: (%d updates, %d non-updates, %d conditions "
                + "failed)", onesWithoutPrice, 300 - ones - 1, ones - onesWithoutPrice));
        List<String> failures;
        try (Stream<Path> files = Files.list(Path.of(runDir, "failures"))) {
            failures = files.flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).contains("\"operation\":\"update\"").contains("{\"N\":\"7\"}").contains("no updates for seven");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after = scan(table, PK_SK);
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> expected = normalized(item);
            if (n(item, "n") == 1 && n(item, "sk") != 7 && !item.containsKey("price")) {
                expected.put("status", AttributeValue.fromS("one"));
            }
            assertThat(after.get(key(item, PK_SK))).isEqualTo(expected);
        }
    }

    @Test
    void theShippedExampleUpdaterRunsAndIsIdempotent() {
        Path example = Path.of("..", "scripts", "update", "example.java");
        assertThat(example).exists();
        String table = LocalDynamo.uniqueTable("upd-example");
        List<Map<String, AttributeValue>> items = richTable(table, 120);

        Cli.Result first = Cli.local("update", with("--table", table, "--generator", example.toString()));
        Cli.Result second = Cli.local("update", with("--table", table, "--generator", example.toString()));

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("Processed 120 records: (120 updates, 0 non-updates, 0 conditions failed)");
        assertThat(second.out()).as(second.all()).contains("Processed 120 records: (0 updates, 0 non-updates, 120 conditions failed)");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after = scan(table, PK_SK);
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> expected = normalized(item);
            expected.put("name", AttributeValue.fromS(item.get("name").s().toUpperCase()));
            expected.put("version", AttributeValue.fromN("1"));
            assertThat(after.get(key(item, PK_SK))).isEqualTo(expected);
        }
    }

    @Test
    void updateIntoADestTableWritesOnlyThere() {
        String table = LocalDynamo.uniqueTable("upd-src");
        List<Map<String, AttributeValue>> items = richTable(table, 100);
        String dest = LocalDynamo.uniqueTable("upd-dest");
        assertThat(Cli.local("create-table", "--table", dest, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();

        Cli.Result update = Cli.local("update", with("--table", table, "--generator", "touched", "--dest-table", dest));

        assertThat(update.exitCode()).as(update.all()).isZero();
        assertThat(update.out()).contains("(100 updates, 0 non-updates, 0 conditions failed)");
        assertThat(scan(table, PK_SK)).isEqualTo(byKey(items));
        assertThat(scan(dest, PK_SK).values()).hasSize(100).allMatch(item -> item.keySet().equals(java.util.Set.of("pk", "sk",
                "touched")));
    }

    @Test
    void badUpdatersAreRefusedBeforeAnythingChanges(@TempDir Path scripts) throws Exception {
        String table = LocalDynamo.uniqueTable("upd-bad");
        List<Map<String, AttributeValue>> items = richTable(table, 50);
        Files.createDirectories(scripts.resolve("update"));
        Files.writeString(scripts.resolve("update/Broken.java"), "public class Broken implements dev.bulk.scripts.ItemUpdater {");
        Files.writeString(scripts.resolve("update/Syntax.java"), """
                import java.util.Map;
                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                public class Syntax implements dev.bulk.scripts.ItemUpdater {
                    public dev.bulk.scripts.ItemUpdate update(Map<String, AttributeValue> item) {
                        return dev.bulk.scripts.ItemUpdate.of(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                                .set("SETT #a = :a").name("#a", "a").value(":a", 1);
                    }
                }
                """);
        Files.writeString(scripts.resolve("update/NoKey.java"), """
                import java.util.Map;
                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                public class NoKey implements dev.bulk.scripts.ItemUpdater {
                    public dev.bulk.scripts.ItemUpdate update(Map<String, AttributeValue> item) {
                        return dev.bulk.scripts.ItemUpdate.of(Map.of("pk", item.get("pk"))).set("SET a = :a").value(":a", 1);
                    }
                }
                """);
        String dir = scripts.toString();

        Cli.Result missing = Cli.local("update", with("--table", table, "--generator", "nope", "--scripts-dir", dir));
        Cli.Result broken = Cli.local("update", with("--table", table, "--generator", "Broken", "--scripts-dir", dir));
        Cli.Result syntax = Cli.local("update", with("--table", table, "--generator", "Syntax", "--scripts-dir", dir));
        Cli.Result noKey = Cli.local("update", with("--table", table, "--generator", "NoKey", "--scripts-dir", dir));

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--generator nope").contains("not found");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("--generator Broken");
        assertThat(syntax.exitCode()).as(syntax.all()).isEqualTo(2);
        assertThat(syntax.err()).contains("--generator Syntax: DynamoDB rejects the update");
        assertThat(noKey.exitCode()).as(noKey.all()).isEqualTo(2);
        assertThat(noKey.err()).contains("--generator NoKey: returned an invalid update").contains("[pk]");
        assertThat(scan(table, PK_SK)).isEqualTo(byKey(items));
    }

    @Test
    void copyOfATableHoldingAllTenTypesArrivesItemForItem() {
        String source = LocalDynamo.uniqueTable("copy-src");
        List<Map<String, AttributeValue>> items = richTable(source, 800);
        String target = LocalDynamo.uniqueTable("copy-dst");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();

        Cli.Result copy = Cli.local("copy", with("--source", source, "--target", target, "--segments", "9"));

        assertThat(copy.exitCode()).as(copy.all()).isZero();
        assertThat(copy.out()).contains("Total records copied: 800");
        assertThat(scan(target, PK_SK)).isEqualTo(byKey(items));
    }

    @Test
    void copyWhereCopiesOnlyTheMatchesExactly() {
        String source = LocalDynamo.uniqueTable("copyw-src");
        List<Map<String, AttributeValue>> items = richTable(source, 400);
        String target = LocalDynamo.uniqueTable("copyw-dst");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> expected = items.stream().filter(item -> item.containsKey("bin")
                && item.get("name").s().equals("Alice")).toList();

        Cli.Result copy = Cli.local("copy", with("--source", source, "--target", target, "--where",
                "bin is not null and name = 'Alice'"));

        assertThat(copy.exitCode()).as(copy.all()).isZero();
        assertThat(copy.out()).contains("Total records copied: " + expected.size());
        assertThat(scan(target, PK_SK)).isEqualTo(byKey(expected));
    }

    @Test
    void badMutationInputIsExit2AndChangesNothing() {
        String table = LocalDynamo.uniqueTable("bad-mut");
        List<Map<String, AttributeValue>> items = richTable(table, 30);
        String otherKeys = LocalDynamo.uniqueTable("bad-keys");
        assertThat(Cli.local("create-table", "--table", otherKeys, "--pk", "id:S").exitCode()).isZero();

        Map<String, Cli.Result> results = new LinkedHashMap<>();
        results.put("--table", Cli.local("delete", with("--table", "no-such-table")));
        results.put("--orderby", Cli.local("delete", with("--table", table, "--orderby", "sk")));
        results.put("--limit", Cli.local("delete", with("--table", table, "--limit", "0")));
        results.put("--where", Cli.local("delete", with("--table", table, "--where", "nosuchcolumn = 1")));
        results.put("--target", Cli.local("copy", with("--source", table, "--target", table)));
        results.put("--target ", Cli.local("copy", with("--source", table, "--target", otherKeys)));
        results.put("--source", Cli.local("copy", with("--source", "no-such-source", "--target", otherKeys)));
        results.put("--resume", Cli.local("truncate", "--table", table, "--resume", "20000101-000000-truncate-ffff"));
        results.put("--table  ", Cli.local("truncate", with("--table", "no-such-table")));

        results.forEach((flag, result) -> {
            assertThat(result.exitCode()).as(flag + ": " + result.all()).isEqualTo(2);
            String[] lines = result.err().strip().split("\n");
            assertThat(lines[lines.length - 1]).as(flag).startsWith("bulk: " + flag.strip());
            assertThat(result.err()).as(flag).doesNotContain("\tat ");
        });
        assertThat(scan(table, PK_SK)).isEqualTo(byKey(items));
        assertThat(DYNAMO.countByScan(otherKeys)).isZero();
    }
}

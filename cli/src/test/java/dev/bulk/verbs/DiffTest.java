package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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
 * diff against a real DynamoDB Local and local Spark: the differences planted by each test (written
 * with the plain SDK) are found exactly, in DynamoDB key order, and nothing else; values equal by
 * DynamoDB's types are not differences. Expected lines are written out here by hand.
 */
class DiffTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @TempDir
    Path out;

    private Path runDir;

    private Cli.Result diff(String... args) {
        runDir = out.resolve("run-" + System.nanoTime());
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(runDir.toString());
        return Cli.local("diff", all.toArray(new String[0]));
    }

    /** The diff file's lines, in file order (part files by name). */
    private List<String> written() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(runDir.resolve("result"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        return lines;
    }

    private String summary() throws IOException {
        return Files.readString(runDir.resolve("summary.json"));
    }

    private static String table(String prefix, String... keys) {
        String name = LocalDynamo.uniqueTable(prefix);
        List<String> args = new ArrayList<>(List.of("--table", name, "--pk", keys[0]));
        if (keys.length > 1) {
            args.add("--sk");
            args.add(keys[1]);
        }
        Cli.Result created = Cli.local("create-table", args.toArray(new String[0]));
        assertThat(created.exitCode()).as(created.all()).isZero();
        return name;
    }

    private static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeValue b(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(array));
    }

    private static String keyLine(char kind, String pk, String sk) {
        return kind + " {\"pk\": {\"S\": \"" + pk + "\"},\"sk\": {\"N\": \"" + sk + "\"}}";
    }

    @Test
    void plantedAddsRemovesAndChangesAreFoundExactlyInKeyOrder() throws IOException {
        String a = table("diffa", "pk:S", "sk:N");
        String b = table("diffb", "pk:S", "sk:N");
        List<Map<String, AttributeValue>> items = RichItems.items(400);
        DYNAMO.putAll(a, items);
        List<Map<String, AttributeValue>> second = new ArrayList<>();
        for (Map<String, AttributeValue> original : items) {
            int sk = Integer.parseInt(original.get("sk").n());
            if (sk == 17 || sk == 250 || sk == 399) {
                continue; // removed: only in a
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(original);
            if (sk == 3) {
                copy.put("name", s("Carol")); // changed string
            } else if (sk == 100) {
                copy.put("nums", AttributeValue.fromNs(List.of("100", "2.6"))); // changed number set
            } else if (sk == 101) {
                copy.remove("val"); // attribute removed
            } else if (sk == 200) {
                copy.put("extra", AttributeValue.fromBool(true)); // attribute added
            }
            second.add(copy);
        }
        second.add(item("pk", s("p1"), "sk", n("1000")));
        second.add(item("pk", s("zz"), "sk", n("-5")));
        DYNAMO.putAll(b, second);

        Cli.Result result = diff("--table", a, "--table2", b);
        assertThat(result.exitCode()).as(result.all()).isZero();
        // RichItems put item i under pk "p" + i % 6; lines sort by pk, then sk numerically.
        List<String> computed = new ArrayList<>();
        Map<String, List<String[]>> byPk = new java.util.TreeMap<>();
        Object[][] planted = {{'-', 17}, {'-', 250}, {'-', 399}, {'*', 3}, {'*', 100}, {'*', 101}, {'*', 200}};
        for (Object[] plant : planted) {
            int sk = (Integer) plant[1];
            byPk.computeIfAbsent("p" + sk % 6, k -> new ArrayList<>()).add(new String[] {String.valueOf(plant[0]),
                    String.valueOf(sk)});
        }
        byPk.computeIfAbsent("p1", k -> new ArrayList<>()).add(new String[] {"+", "1000"});
        byPk.computeIfAbsent("zz", k -> new ArrayList<>()).add(new String[] {"+", "-5"});
        byPk.forEach((pk, entries) -> {
            entries.sort(java.util.Comparator.comparingInt(e -> Integer.parseInt(e[1])));
            entries.forEach(e -> computed.add(keyLine(e[0].charAt(0), pk, e[1])));
        });
        assertThat(written()).containsExactlyElementsOf(computed);
        assertThat(result.out()).startsWith("9 differences:\n" + String.join("\n", computed) + "\n\nWrote 9 differences to ");
        assertThat(summary()).contains("\"differences\":9").contains("\"removed\":3").contains("\"added\":2")
                .contains("\"changed\":4").contains("\"itemsTable\":400").contains("\"itemsTable2\":399");
    }

    @Test
    void numericSortKeysCompareAsNumbers() throws IOException {
        String a = table("diffnuma", "pk:S", "sk:N");
        String b = table("diffnumb", "pk:S", "sk:N");
        DYNAMO.putAll(a, List.of(item("pk", s("x"), "sk", n("9"), "v", s("same")), item("pk", s("x"), "sk", n("10"), "v",
                s("same"))));
        DYNAMO.putAll(b, List.of(item("pk", s("x"), "sk", n("10"), "v", s("same"))));
        Cli.Result result = diff("--table", a, "--table2", b);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(written()).containsExactly(keyLine('-', "x", "9"));
        assertThat(result.out()).startsWith("1 differences:\n" + keyLine('-', "x", "9") + "\n");
    }

    @Test
    void setsInAnotherOrderAndNumbersSpelledDifferentlyAreEqual() throws IOException {
        String a = table("diffseta", "pk:S", "sk:N");
        String b = table("diffsetb", "pk:S", "sk:N");
        DYNAMO.putAll(a, List.of(item("pk", s("k"), "sk", n("1"),
                "ss", AttributeValue.fromSs(List.of("a", "b", "c", "d")),
                "ns", AttributeValue.fromNs(List.of("1", "2.5", "10", "-3")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[] {2, 3}))),
                "num", n("1"), "m", AttributeValue.fromM(Map.of("x", n("2"), "y", AttributeValue.fromSs(List.of("p", "q")))),
                "l", AttributeValue.fromL(List.of(n("5"), s("t"))))));
        DYNAMO.putAll(b, List.of(item("pk", s("k"), "sk", n("1.0"),
                "ss", AttributeValue.fromSs(List.of("d", "c", "b", "a")),
                "ns", AttributeValue.fromNs(List.of("10.0", "-3", "2.50", "1")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {2, 3}), SdkBytes.fromByteArray(new byte[] {1}))),
                "num", n("1.0"), "m", AttributeValue.fromM(Map.of("y", AttributeValue.fromSs(List.of("q", "p")), "x", n("2.00"))),
                "l", AttributeValue.fromL(List.of(n("5.0"), s("t"))))));
        Cli.Result result = diff("--table", a, "--table2", b);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).isEqualTo("No differences found\n\n");
        assertThat(written()).isEmpty();
        // DynamoDB Local 2.6 stores top-level numbers normalized (1.0 comes back as 1) and sets in an order of
        // its own, but keeps the spelling of numbers inside lists and maps: those reach the comparison as written.
        Map<String, AttributeValue> stored = DYNAMO.client().scan(r -> r.tableName(b)).items().get(0);
        assertThat(stored.get("l").l().get(0).n()).isEqualTo("5.0");
        assertThat(stored.get("m").m().get("x").n()).isEqualTo("2.00");
    }

    @Test
    void aListInAnotherOrderIsADifference() throws IOException {
        String a = table("difflista", "pk:S", "sk:N");
        String b = table("difflistb", "pk:S", "sk:N");
        DYNAMO.putAll(a, List.of(item("pk", s("k"), "sk", n("1"), "l", AttributeValue.fromL(List.of(n("1"), n("2"))))));
        DYNAMO.putAll(b, List.of(item("pk", s("k"), "sk", n("1"), "l", AttributeValue.fromL(List.of(n("2"), n("1"))))));
        Cli.Result result = diff("--table", a, "--table2", b);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(written()).containsExactly(keyLine('*', "k", "1"));
    }

    @Test
    void binaryKeysSortByUnsignedBytes() throws IOException {
        String a = table("diffbina", "pk:B", "sk:B");
        String b = table("diffbinb", "pk:B", "sk:B");
        // 0x80 and 0xff are negative as Java bytes: a signed order would put them first.
        DYNAMO.putAll(a, List.of(
                item("pk", b(0x01), "sk", b(0x00), "v", s("same")),
                item("pk", b(0x80), "sk", b(0x01), "v", s("old")),
                item("pk", b(0xff), "sk", b(0x7f), "v", s("gone")),
                item("pk", b(0xff), "sk", b(0xff, 0x00), "v", s("same"))));
        DYNAMO.putAll(b, List.of(
                item("pk", b(0x01), "sk", b(0x00), "v", s("same")),
                item("pk", b(0x7f), "sk", b(0x01), "v", s("new")),
                item("pk", b(0x80), "sk", b(0x01), "v", s("changed")),
                item("pk", b(0xff), "sk", b(0xff, 0x00), "v", s("same"))));
        Cli.Result result = diff("--table", a, "--table2", b);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(written()).containsExactly(
                "+ {\"pk\": {\"B\": \"" + base64(0x7f) + "\"},\"sk\": {\"B\": \"" + base64(0x01) + "\"}}",
                "* {\"pk\": {\"B\": \"" + base64(0x80) + "\"},\"sk\": {\"B\": \"" + base64(0x01) + "\"}}",
                "- {\"pk\": {\"B\": \"" + base64(0xff) + "\"},\"sk\": {\"B\": \"" + base64(0x7f) + "\"}}");
    }

    private static String base64(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return Base64.getEncoder().encodeToString(array);
    }

    @Test
    void hashOnlyTableWithNumericKeys() throws IOException {
        String a = table("diffhasha", "id:N");
        String b = table("diffhashb", "id:N");
        List<Map<String, AttributeValue>> first = new ArrayList<>();
        List<Map<String, AttributeValue>> second = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            first.add(item("id", n(String.valueOf(i)), "v", n(String.valueOf(i * 2))));
            if (i != 9 && i != 100) {
                second.add(item("id", n(String.valueOf(i)), "v", n(String.valueOf(i == 10 ? 0 : i * 2))));
            }
        }
        second.add(item("id", n("-1.5"), "v", n("1")));
        DYNAMO.putAll(a, first);
        DYNAMO.putAll(b, second);
        Cli.Result result = diff("--table", a, "--table2", b, "--segments", "7");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(written()).containsExactly("+ {\"id\": {\"N\": \"-1.5\"}}", "- {\"id\": {\"N\": \"9\"}}", "* {\"id\": {\"N\": \"10\"}}",
                "- {\"id\": {\"N\": \"100\"}}");
    }

    @Test
    void identicalTablesWithEveryTypeHaveNoDifferencesInEitherFormat() throws IOException {
        String a = table("diffricha", "pk:S", "sk:N");
        String b = table("diffrichb", "pk:S", "sk:N");
        List<Map<String, AttributeValue>> items = RichItems.items(500);
        DYNAMO.putAll(a, items);
        List<Map<String, AttributeValue>> reversed = new ArrayList<>(items);
        java.util.Collections.reverse(reversed); // written in another order
        DYNAMO.putAll(b, reversed);
        for (String format : List.of("keys", "full")) {
            Cli.Result result = diff("--table", a, "--table2", b, "--format", format);
            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).isEqualTo("No differences found\n\n");
            assertThat(summary()).contains("\"differences\":0").contains("\"itemsTable\":500").contains("\"itemsTable2\":500");
        }
    }

    @Test
    void fullFormatPrintsTheItemsWithKeysFirstAndAttributesByName() throws IOException {
        String a = table("difffulla", "pk:S", "sk:N");
        String b = table("difffullb", "pk:S", "sk:N");
        DYNAMO.putAll(a, List.of(
                item("zeta", n("1"), "pk", s("a"), "sk", n("2"), "alpha", s("x"),
                        "m", AttributeValue.fromM(Map.of("z", n("1"), "b", AttributeValue.fromBool(true)))),
                item("pk", s("a"), "sk", n("10"), "gone", AttributeValue.fromNul(true)),
                item("pk", s("b"), "sk", n("1"), "same", s("s"))));
        DYNAMO.putAll(b, List.of(
                item("pk", s("a"), "sk", n("2"), "alpha", s("y"), "zeta", n("1"),
                        "m", AttributeValue.fromM(Map.of("z", n("1"), "b", AttributeValue.fromBool(true)))),
                item("pk", s("b"), "sk", n("1"), "same", s("s")),
                item("pk", s("c"), "sk", n("0"), "l", AttributeValue.fromL(List.of(s("q"))))));
        Cli.Result result = diff("--table", a, "--table2", b, "--format", "full");
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> expected = List.of(
                "- {\"pk\": {\"S\": \"a\"},\"sk\": {\"N\": \"2\"},\"alpha\": {\"S\": \"x\"},\"m\": {\"M\": {\"b\": {\"BOOL\": true},"
                        + "\"z\": {\"N\": \"1\"}}},\"zeta\": {\"N\": \"1\"}}",
                "+ {\"pk\": {\"S\": \"a\"},\"sk\": {\"N\": \"2\"},\"alpha\": {\"S\": \"y\"},\"m\": {\"M\": {\"b\": {\"BOOL\": true},"
                        + "\"z\": {\"N\": \"1\"}}},\"zeta\": {\"N\": \"1\"}}",
                "- {\"pk\": {\"S\": \"a\"},\"sk\": {\"N\": \"10\"},\"gone\": {\"NULL\": true}}",
                "+ {\"pk\": {\"S\": \"c\"},\"sk\": {\"N\": \"0\"},\"l\": {\"L\": [{\"S\": \"q\"}]}}");
        assertThat(written()).containsExactlyElementsOf(expected);
        // As the reference counts them in full format: lines, so the change counts twice.
        assertThat(result.out()).startsWith("4 differences:\n" + String.join("\n", expected) + "\n\nWrote 4 differences to ");
    }

    @Test
    void previewShowsTenLinesAndCountsTheRest() throws IOException {
        String a = table("diffmanya", "pk:S", "sk:N");
        String b = table("diffmanyb", "pk:S", "sk:N");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(item("pk", s("p"), "sk", n(String.valueOf(i))));
        }
        DYNAMO.putAll(a, items);
        Cli.Result result = diff("--table", a, "--table2", b);
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(keyLine('-', "p", String.valueOf(i)));
        }
        assertThat(written()).containsExactlyElementsOf(expected);
        assertThat(result.out()).startsWith("First 10 of 25 differences:\n" + String.join("\n", expected.subList(0, 10))
                + "\n...and 15 more not printed\n\nWrote 25 differences to " + runDir.resolve("result"));
        // A large diff is sorted by Spark (range partitions) rather than on the driver: same answer.
        System.setProperty("bulk.diff.sortOnDriver", "0");
        try {
            Cli.Result distributed = diff("--table", a, "--table2", b);
            assertThat(distributed.out()).as(distributed.all()).isEqualTo(result.out().replace(
                    result.out().substring(result.out().indexOf("Wrote")), "Wrote 25 differences to " + runDir.resolve("result")
                            + "/\n\n"));
            assertThat(written()).containsExactlyElementsOf(expected);
        } finally {
            System.clearProperty("bulk.diff.sortOnDriver");
        }
    }

    @Test
    void sampleFractionComparesTheSameSegmentsOfBothTables() throws IOException {
        String a = table("diffsampa", "pk:S", "sk:N");
        String b = table("diffsampb", "pk:S", "sk:N");
        List<Map<String, AttributeValue>> items = RichItems.items(2000);
        DYNAMO.putAll(a, items);
        DYNAMO.putAll(b, items);
        Cli.Result same = diff("--table", a, "--table2", b, "--sample-fraction", "0.3", "--segments", "20");
        assertThat(same.exitCode()).as(same.all()).isZero();
        assertThat(same.out()).isEqualTo("No differences found\n\n");
        assertThat(same.err()).contains("Sampling 30% of segments (6 of 20 total), the same on both tables: [");

        List<String> planted = new ArrayList<>();
        List<Map<String, AttributeValue>> changed = new ArrayList<>();
        for (int i = 0; i < 2000; i += 50) {
            Map<String, AttributeValue> copy = new LinkedHashMap<>(items.get(i));
            copy.put("name", s("Changed"));
            changed.add(copy);
            planted.add(keyLine('*', "p" + i % 6, String.valueOf(i)));
        }
        DYNAMO.putAll(b, changed);
        Cli.Result sampled = diff("--table", a, "--table2", b, "--sample-fraction", "0.3", "--segments", "20");
        assertThat(sampled.exitCode()).as(sampled.all()).isZero();
        assertThat(planted).containsAll(written());
        assertThat(written().size()).isLessThanOrEqualTo(planted.size());
        String summary = summary();
        long itemsRead = Long.parseLong(summary.replaceAll("(?s).*\"itemsTable\":(\\d+).*", "$1"));
        assertThat(itemsRead).isLessThan(2000);
        Cli.Result whole = diff("--table", a, "--table2", b);
        assertThat(written()).containsExactlyInAnyOrderElementsOf(planted);
        assertThat(whole.out()).startsWith("First 10 of 40 differences:");
    }

    @Test
    void secondTableTakesItsOwnEndpoint() throws IOException {
        String a = table("diffsidea", "pk:S");
        String b = table("diffsideb", "pk:S");
        DYNAMO.putAll(a, List.of(item("pk", s("only-in-a"))));
        Cli.Result result = diff("--table", a, "--table2", b, "--table2-endpoint", DYNAMO.endpoint(), "--table2-region",
                "eu-west-1");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(written()).containsExactly("- {\"pk\": {\"S\": \"only-in-a\"}}");
    }

    @Test
    void readBudgetAndCostArePrintedPerTable() {
        String a = table("diffrata", "pk:S");
        String b = table("diffratb", "pk:S");
        DYNAMO.putAll(a, List.of(item("pk", s("x"))));
        Cli.Result result = diff("--table", a, "--table2", b, "--XMaxReadRate", "50", "--dry-run");
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> rateLines = result.err().lines().filter(line -> line.startsWith("Max read rate: 50 units/s")).collect(Collectors.toList());
        assertThat(rateLines).hasSize(2);
        assertThat(result.err()).contains("read units for scanning '" + a + "'").contains("read units for scanning '" + b + "'")
                .contains("TOTAL DynamoDB cost for scanning both tables (approx): $");
    }
}

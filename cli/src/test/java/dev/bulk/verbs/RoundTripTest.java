package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * export → load → diff round trips of a table holding all ten types, one per format. ddb-json must
 * be lossless (diff finds nothing); the others must keep exactly what the README says each format
 * holds: the test decodes every loaded attribute by the rules of its format and compares it with the
 * source value, so a change in what a format keeps or loses fails here.
 */
class RoundTripTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<Map<String, AttributeValue>> ITEMS = RichItems.items(90);
    private static String source;

    @TempDir
    Path dir;

    @BeforeAll
    static void sourceTable() {
        source = table("rt-src");
        DYNAMO.putAll(source, ITEMS);
    }

    private static String table(String prefix) {
        String name = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        return name;
    }

    /** export --format F, then load --format F of its result folder into a new table; returns the new table. */
    private String exportAndLoad(String format, String... loadOptions) {
        Path exported = dir.resolve(format + "-export");
        Cli.Result export = Cli.local("export", "--table", source, "--format", format, "--output", exported.toString());
        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("Exported 90 items");
        String target = table("rt-" + format.replace("-", ""));
        List<String> args = new ArrayList<>(List.of("--table", target, "--format", format, "--s3-path",
                exported.resolve("result").toString(), "--yes", "--output", dir.resolve(format + "-load").toString()));
        args.addAll(List.of(loadOptions));
        Cli.Result load = Cli.local("load", args.toArray(new String[0]));
        assertThat(load.exitCode()).as(load.all() + failures(dir.resolve(format + "-load"))).isZero();
        assertThat(load.out()).contains("Wrote 90 items");
        return target;
    }

    /** The first lines of the run's failure files, for a failure message. */
    private static String failures(Path runDir) {
        try (var files = java.nio.file.Files.walk(runDir.resolve("failures"))) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.readAllLines(file).stream().limit(3).forEach(line -> text.append('\n').append(line));
            }
            return text.toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static Map<String, Map<String, AttributeValue>> scan(String table) {
        Map<String, Map<String, AttributeValue>> byKey = new TreeMap<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                byKey.put(item.get("pk").s() + "|" + new BigDecimal(item.get("sk").n()).toPlainString(), item);
            }
        }
        return byKey;
    }

    private static Map<String, Map<String, AttributeValue>> sourceByKey() {
        Map<String, Map<String, AttributeValue>> byKey = new TreeMap<>();
        ITEMS.forEach(item -> byKey.put(item.get("pk").s() + "|" + item.get("sk").n(), item));
        return byKey;
    }

    @Test
    void ddbJsonIsLosslessExportLoadDiffFindsNoDifferences() {
        String target = exportAndLoad("ddb-json");

        Cli.Result diff = Cli.local("diff", "--table", source, "--table2", target, "--output", dir.resolve("diff").toString());
        assertThat(diff.exitCode()).as(diff.all()).isZero();
        assertThat(diff.out()).contains("No differences found");
        // And by the test's own reading: every item equal, attribute by attribute (sets as sets).
        Map<String, Map<String, AttributeValue>> loaded = scan(target);
        Map<String, Map<String, AttributeValue>> expected = sourceByKey();
        assertThat(loaded.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, item) -> assertThat(canonical(AttributeValue.fromM(loaded.get(key)))).as(key).isEqualTo(canonical(AttributeValue.fromM(item))));
    }

    @Test
    void diffSeesWhatTheLossyJsonRoundTripChangedAndNothingElse() {
        String target = exportAndLoad("json");
        Map<String, Map<String, AttributeValue>> loaded = scan(target);
        Map<String, Map<String, AttributeValue>> expected = sourceByKey();
        assertThat(loaded.keySet()).isEqualTo(expected.keySet());
        long changed = 0;
        for (Map.Entry<String, Map<String, AttributeValue>> entry : expected.entrySet()) {
            Map<String, AttributeValue> item = entry.getValue();
            Map<String, AttributeValue> back = loaded.get(entry.getKey());
            // JSON keeps S, N (exact), BOOL, L and M; B becomes its base64 text; SS/NS/BS become lists; NULL is left out.
            Map<String, String> want = new TreeMap<>();
            item.forEach((name, value) -> {
                String text = jsonSurvivor(value, true);
                if (text != null) {
                    want.put(name, text);
                }
            });
            Map<String, String> got = new TreeMap<>();
            back.forEach((name, value) -> got.put(name, canonicalGuided(value, item.get(name))));
            assertThat(got).as(entry.getKey()).isEqualTo(want);
            changed += item.values().stream().anyMatch(v -> v.b() != null || v.hasSs() || v.hasNs() || v.hasBs()
                    || Boolean.TRUE.equals(v.nul())) ? 1 : 0;
        }
        // Every RichItem holds a set, so diff must call every item changed, and find no adds or removes.
        Cli.Result diff = Cli.local("diff", "--table", source, "--table2", target, "--output", dir.resolve("diff").toString());
        assertThat(diff.exitCode()).as(diff.all()).isZero();
        assertThat(changed).isEqualTo(90);
        assertThat(diff.out()).contains("First 10 of 90 differences:").doesNotContain("\n+ ").doesNotContain("\n- ");
    }

    @Test
    void csvKeepsTheTextOfEveryValueAndLosesEveryType() throws Exception {
        // --removeEmptyStringAttributes: an item without an attribute has an empty cell there, which is not the item's.
        String target = exportAndLoad("csv", "--removeEmptyStringAttributes");
        Map<String, Map<String, AttributeValue>> loaded = scan(target);
        Map<String, Map<String, AttributeValue>> expected = sourceByKey();
        assertThat(loaded.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Map<String, AttributeValue>> entry : expected.entrySet()) {
            Map<String, AttributeValue> item = entry.getValue();
            Map<String, AttributeValue> back = loaded.get(entry.getKey());
            Set<String> names = namesWithoutNulls(item);
            assertThat(back.keySet()).as(entry.getKey()).isEqualTo(names);
            for (String name : names) {
                AttributeValue value = back.get(name);
                if (name.equals("pk") || name.equals("sk")) {
                    assertThat(canonical(value)).isEqualTo(canonical(item.get(name))); // keys take the table's types
                    continue;
                }
                assertThat(value.s()).as(entry.getKey() + " " + name + " is text in CSV").isNotNull();
                assertThat(decodesTo(value.s(), item.get(name))).as(entry.getKey() + " " + name + ": " + value.s()).isTrue();
            }
        }
    }

    @Test
    void parquetKeepsTypedColumnsAndLosesSetsNullsAndMixedTypes() {
        String target = exportAndLoad("parquet");
        Map<String, Map<String, AttributeValue>> loaded = scan(target);
        Map<String, Map<String, AttributeValue>> expected = sourceByKey();
        assertThat(loaded.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Map<String, AttributeValue>> entry : expected.entrySet()) {
            Map<String, AttributeValue> item = entry.getValue();
            Map<String, AttributeValue> back = loaded.get(entry.getKey());
            Set<String> names = namesWithoutNulls(item);
            assertThat(back.keySet()).as(entry.getKey()).isEqualTo(names);
            for (String name : names) {
                AttributeValue was = item.get(name);
                AttributeValue now = back.get(name);
                if (name.equals("mixed")) {
                    // S, N and BOOL in one column: inference widens it to string; the text survives.
                    assertThat(decodesTo(now.s(), was)).as(entry.getKey() + " mixed: " + now).isTrue();
                } else if (name.equals("list")) {
                    // [S, N, M] in one list: a mixed element type becomes string; each element's text survives.
                    assertThat(now.l()).hasSameSizeAs(was.l());
                    for (int i = 0; i < was.l().size(); i++) {
                        assertThat(decodesTo(now.l().get(i).s(), was.l().get(i))).as(entry.getKey() + " list " + i + ": "
                                + now.l().get(i) + " from " + was.l().get(i)).isTrue();
                    }
                } else {
                    // Typed columns keep their type; a set becomes a list of its elements (order not kept).
                    assertThat(canonicalGuided(now, was)).as(entry.getKey() + " " + name).isEqualTo(setsAsLists(was));
                }
            }
        }
    }

    /** The item's attribute names but those holding NULL (a format that has no NULL leaves them out). */
    private static Set<String> namesWithoutNulls(Map<String, AttributeValue> item) {
        return item.entrySet().stream().filter(e -> !Boolean.TRUE.equals(e.getValue().nul())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    // ---- the test's own reading of values, independent of the tool's converters ----

    /** A value as canonical text: numbers by value, sets sorted, maps by name. */
    static String canonical(AttributeValue value) {
        return canonicalGuided(value, value);
    }

    /** As {@link #canonical}, sorting a list where the source value at the same place was a set. */
    static String canonicalGuided(AttributeValue value, AttributeValue source) {
        if (value.s() != null) {
            return "S:" + value.s();
        }
        if (value.n() != null) {
            return "N:" + number(value.n());
        }
        if (value.b() != null) {
            return "B:" + Base64.getEncoder().encodeToString(value.b().asByteArray());
        }
        if (value.bool() != null) {
            return "BOOL:" + value.bool();
        }
        if (Boolean.TRUE.equals(value.nul())) {
            return "NULL";
        }
        if (value.hasSs()) {
            return "SS:" + value.ss().stream().sorted().toList();
        }
        if (value.hasNs()) {
            return "NS:" + value.ns().stream().map(RoundTripTest::number).sorted().toList();
        }
        if (value.hasBs()) {
            return "BS:" + value.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).sorted().toList();
        }
        if (value.hasL()) {
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < value.l().size(); i++) {
                AttributeValue guide = source != null && source.hasL() && i < source.l().size() ? source.l().get(i) : null;
                elements.add(canonicalGuided(value.l().get(i), guide));
            }
            boolean fromSet = source != null && (source.hasSs() || source.hasNs() || source.hasBs());
            return "L:" + (fromSet ? elements.stream().sorted().toList() : elements);
        }
        Map<String, String> entries = new TreeMap<>();
        value.m().forEach((name, member) -> entries.put(name,
                canonicalGuided(member, source != null && source.hasM() ? source.m().get(name) : null)));
        return "M:" + entries;
    }

    private static String number(String text) {
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    /** What plain JSON keeps of a value (canonical text), or null when the attribute is left out. */
    private static String jsonSurvivor(AttributeValue value, boolean inMapOrTop) {
        if (Boolean.TRUE.equals(value.nul())) {
            return inMapOrTop ? null : "NULL";
        }
        if (value.b() != null) {
            return "S:" + Base64.getEncoder().encodeToString(value.b().asByteArray());
        }
        if (value.hasSs()) {
            return "L:" + value.ss().stream().map(s -> "S:" + s).sorted().toList();
        }
        if (value.hasNs()) {
            return "L:" + value.ns().stream().map(n -> "N:" + number(n)).sorted().toList();
        }
        if (value.hasBs()) {
            return "L:" + value.bs().stream().map(b -> "S:" + Base64.getEncoder().encodeToString(b.asByteArray())).sorted().toList();
        }
        if (value.hasL()) {
            return "L:" + value.l().stream().map(member -> jsonSurvivor(member, false)).toList();
        }
        if (value.hasM()) {
            Map<String, String> entries = new TreeMap<>();
            value.m().forEach((name, member) -> {
                String text = jsonSurvivor(member, true);
                if (text != null) {
                    entries.put(name, text);
                }
            });
            return "M:" + entries;
        }
        return canonical(value);
    }

    /** A set as the list Parquet (and JSON) turn it into, canonical; anything else as is. */
    private static String setsAsLists(AttributeValue value) {
        if (value.hasSs()) {
            return "L:" + value.ss().stream().map(s -> "S:" + s).sorted().toList();
        }
        if (value.hasNs()) {
            return "L:" + value.ns().stream().map(n -> "N:" + number(n)).sorted().toList();
        }
        if (value.hasBs()) {
            return "L:" + value.bs().stream().map(b -> "B:" + Base64.getEncoder().encodeToString(b.asByteArray())).sorted().toList();
        }
        if (value.hasM()) {
            Map<String, String> entries = new TreeMap<>();
            value.m().forEach((name, member) -> {
                if (!Boolean.TRUE.equals(member.nul())) {
                    entries.put(name, setsAsLists(member));
                }
            });
            return "M:" + entries;
        }
        return canonical(value);
    }

    /** Whether a text (a CSV cell, a widened Parquet string) holds the source value: its text, or its plain JSON. */
    private static boolean decodesTo(String text, AttributeValue value) {
        if (text == null) {
            return false;
        }
        try {
            if (value.s() != null) {
                return text.equals(value.s());
            }
            if (value.n() != null) {
                return new BigDecimal(text).compareTo(new BigDecimal(value.n())) == 0;
            }
            if (value.bool() != null) {
                return text.equals(value.bool().toString());
            }
            if (value.b() != null) {
                return java.util.Arrays.equals(Base64.getDecoder().decode(text), value.b().asByteArray());
            }
            // Nested values are JSON text: plain (CSV cells) or typed DynamoDB JSON (a widened Parquet list element).
            JsonNode parsed = JSON.readTree(text);
            if (sameJson(parsed, plainJson(value)) || sameJson(parsed, typedJson(value))) {
                return true;
            }
            // A list of mixed element types is inferred as array<string>: each element is then its own text.
            if (value.hasL() && parsed.isArray() && parsed.size() == value.l().size()) {
                for (int i = 0; i < parsed.size(); i++) {
                    JsonNode element = parsed.get(i);
                    AttributeValue was = value.l().get(i);
                    if (!(element.isTextual() ? decodesTo(element.asText(), was) : sameJson(element, plainJson(was)))) {
                        return false;
                    }
                }
                return true;
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Plain JSON of a value, written by the test (sets as arrays, binary as base64). */
    private static JsonNode plainJson(AttributeValue value) {
        if (value.s() != null) {
            return NODES.textNode(value.s());
        }
        if (value.n() != null) {
            return NODES.numberNode(new BigDecimal(value.n()));
        }
        if (value.b() != null) {
            return NODES.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
        }
        if (value.bool() != null) {
            return NODES.booleanNode(value.bool());
        }
        if (Boolean.TRUE.equals(value.nul())) {
            return NODES.nullNode();
        }
        ArrayNode array = NODES.arrayNode();
        if (value.hasSs()) {
            value.ss().forEach(array::add);
            return array;
        }
        if (value.hasNs()) {
            value.ns().forEach(n -> array.add(new BigDecimal(n)));
            return array;
        }
        if (value.hasBs()) {
            value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            return array;
        }
        if (value.hasL()) {
            value.l().forEach(member -> array.add(plainJson(member)));
            return array;
        }
        ObjectNode object = NODES.objectNode();
        value.m().forEach((name, member) -> object.set(name, plainJson(member)));
        return object;
    }

    /** DynamoDB JSON of a value, written by the test. */
    private static JsonNode typedJson(AttributeValue value) {
        ObjectNode typed = NODES.objectNode();
        if (value.hasL()) {
            ArrayNode list = typed.putArray("L");
            value.l().forEach(member -> list.add(typedJson(member)));
        } else if (value.hasM()) {
            ObjectNode map = typed.putObject("M");
            value.m().forEach((name, member) -> map.set(name, typedJson(member)));
        } else if (value.bool() != null) {
            typed.put("BOOL", value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            typed.put("NULL", true);
        } else if (value.n() != null) {
            typed.put("N", value.n());
        } else if (value.s() != null) {
            typed.put("S", value.s());
        } else {
            return plainJson(value); // sets and binary do not occur nested in the source table
        }
        return typed;
    }

    /** JSON equality with numbers by value and arrays compared as multisets (sets have no order). */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        return normalizedJson(a).equals(normalizedJson(b));
    }

    private static String normalizedJson(JsonNode node) {
        if (node.isNumber()) {
            return "N:" + node.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(element -> elements.add(normalizedJson(element)));
            return "A:" + elements.stream().sorted().toList();
        }
        if (node.isObject()) {
            Map<String, String> fields = new HashMap<>();
            // A map's field missing from an item is null in the inferred struct's JSON (documented CSV loss).
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    fields.put(field.getKey(), normalizedJson(field.getValue()));
                }
            });
            return "O:" + new TreeMap<>(fields);
        }
        return node.toString();
    }
}

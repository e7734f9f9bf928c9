package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.testing.Cli;
import dev.bulk.testing.ExportFixture;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * export against a real DynamoDB Local and local Spark: the ddb-json lines are compared with the
 * test's own DynamoDB JSON of the items it wrote; csv, json and parquet files are read back.
 */
class ExportTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path dir;

    private static String richTable(String prefix, List<Map<String, AttributeValue>> items) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        DYNAMO.putAll(table, items);
        return table;
    }

    private static List<String> lines(Path folder) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    /** Set elements sorted, as the fixture writes them (DynamoDB returns them in an order of its own). */
    private static JsonNode sortedSets(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = JSON.createObjectNode();
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (List.of("SS", "NS", "BS").contains(field.getKey())) {
                ArrayNode sorted = copy.putArray(field.getKey());
                List<String> texts = new ArrayList<>();
                value.forEach(element -> texts.add(element.asText()));
                texts.stream().sorted().forEach(sorted::add);
            } else if (value.isArray()) {
                ArrayNode list = copy.putArray(field.getKey());
                value.forEach(element -> list.add(sortedSets(element)));
            } else {
                copy.set(field.getKey(), sortedSets(value));
            }
        });
        return copy;
    }

    @Test
    void ddbJsonIsDynamoDbsExportLineFormatForAllTenTypes() throws Exception {
        List<Map<String, AttributeValue>> items = RichItems.items(60);
        String table = richTable("ex-ddb", items);
        Path run = dir.resolve("ddb");

        Cli.Result export = Cli.local("export", "--table", table, "--output", run.toString());

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("Exported 60 items in DynamoDB JSON format to " + run.resolve("result") + "/");
        Map<String, JsonNode> expected = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            ObjectNode line = JSON.createObjectNode();
            line.set("Item", ExportFixture.item(item));
            expected.put(item.get("pk").s() + "|" + item.get("sk").n(), line);
        }
        Map<String, JsonNode> actual = new HashMap<>();
        for (String line : lines(run.resolve("result"))) {
            assertThat(line).startsWith("{\"Item\":{").doesNotContain("\n").doesNotContain(": ");
            JsonNode node = JSON.readTree(line);
            assertThat(node.size()).isEqualTo(1);
            actual.put(node.at("/Item/pk/S").asText() + "|" + node.at("/Item/sk/N").asText(), sortedSets(node));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void ddbJsonExportLoadsBackWithLoadExportIntoAnEqualTable() throws Exception {
        List<Map<String, AttributeValue>> items = RichItems.items(80);
        String source = richTable("ex-rt-src", items);
        String copy = LocalDynamo.uniqueTable("ex-rt-dst");
        assertThat(Cli.local("create-table", "--table", copy, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        Path run = dir.resolve("rt");
        assertThat(Cli.local("export", "--table", source, "--output", run.toString()).exitCode()).isZero();
        Path layout = ExportFixture.ofLines(dir.resolve("layout"), "01700000000099-roundtrp", List.of(lines(run.resolve("result"))));

        Cli.Result load = Cli.local("load-export", "--table", copy, "--s3-path", layout.toString(), "--yes", "--output",
                dir.resolve("load").toString());

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(MutationsTest.scan(copy, PK_SK)).isEqualTo(MutationsTest.scan(source, PK_SK));
        assertThat(MutationsTest.scan(copy, PK_SK)).hasSize(80);
    }

    @Test
    void whereExportsOnlyTheMatchingItems() throws Exception {
        List<Map<String, AttributeValue>> items = RichItems.items(90);
        String table = richTable("ex-where", items);
        Path run = dir.resolve("where");
        Set<String> expected = new TreeSet<>();
        items.stream().filter(item -> item.get("size").n().equals("1") && item.get("pk").s().equals("p1"))
                .forEach(item -> expected.add(item.get("sk").n()));

        Cli.Result export = Cli.local("export", "--table", table, "--where", "size = 1 and pk = 'p1'", "--output",
                run.toString());

        assertThat(export.exitCode()).as(export.all()).isZero();
        Set<String> actual = new TreeSet<>();
        for (String line : lines(run.resolve("result"))) {
            actual.add(JSON.readTree(line).at("/Item/sk/N").asText());
        }
        assertThat(actual).isNotEmpty().isEqualTo(expected);
        assertThat(export.out()).contains("Exported " + expected.size() + " items");
    }

    @Test
    void csvJsonAndParquetExportsHoldTheRows() throws Exception {
        List<Map<String, AttributeValue>> items = RichItems.items(50);
        String table = richTable("ex-formats", items);
        Map<String, String> names = new HashMap<>();
        Map<String, String> bins = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            String key = item.get("pk").s() + "|" + item.get("sk").n();
            names.put(key, item.get("name").s());
            if (item.containsKey("bin")) {
                bins.put(key, Base64.getEncoder().encodeToString(item.get("bin").b().asByteArray()));
            }
        }
        SparkSession spark = SparkSession.active();

        Path json = dir.resolve("json");
        assertThat(Cli.local("export", "--table", table, "--format", "json", "--output", json.toString()).exitCode()).isZero();
        Map<String, String> jsonNames = new HashMap<>();
        for (String line : lines(json.resolve("result"))) {
            JsonNode node = JSON.readTree(line);
            jsonNames.put(node.get("pk").asText() + "|" + new BigDecimal(node.get("sk").asText()).toPlainString(),
                    node.get("name").asText());
        }
        assertThat(jsonNames).isEqualTo(names);

        Path csv = dir.resolve("csv");
        assertThat(Cli.local("export", "--table", table, "--format", "csv", "--output", csv.toString()).exitCode()).isZero();
        Map<String, String> csvNames = new HashMap<>();
        Map<String, String> csvBins = new HashMap<>();
        for (Row row : spark.read().option("header", "true").option("escape", "\"").option("multiLine", "true")
                .csv(csv.resolve("result").toString()).collectAsList()) {
            String key = row.getAs("pk") + "|" + new BigDecimal(row.<String>getAs("sk")).toPlainString();
            csvNames.put(key, row.getAs("name"));
            if (row.getAs("bin") != null) {
                csvBins.put(key, row.getAs("bin"));
            }
        }
        assertThat(csvNames).isEqualTo(names);
        assertThat(csvBins).isEqualTo(bins);

        Path parquet = dir.resolve("parquet");
        assertThat(Cli.local("export", "--table", table, "--format", "parquet", "--output", parquet.toString()).exitCode())
                .isZero();
        Map<String, String> parquetNames = new HashMap<>();
        Set<String> binKeys = new HashSet<>();
        org.apache.spark.sql.Dataset<Row> typed = spark.read().parquet(parquet.resolve("result").toString());
        // Typed columns: numbers stay numbers, booleans booleans, binary binary.
        assertThat(typed.schema().apply("sk").dataType()).isNotEqualTo(org.apache.spark.sql.types.DataTypes.StringType);
        assertThat(typed.schema().apply("flag").dataType()).isEqualTo(org.apache.spark.sql.types.DataTypes.BooleanType);
        assertThat(typed.schema().apply("bin").dataType()).isEqualTo(org.apache.spark.sql.types.DataTypes.BinaryType);
        for (Row row : typed.collectAsList()) {
            String key = row.getAs("pk") + "|" + new BigDecimal(String.valueOf(row.<Object>getAs("sk"))).toPlainString();
            parquetNames.put(key, row.getAs("name"));
            if (row.getAs("bin") != null) {
                assertThat(Base64.getEncoder().encodeToString(row.<byte[]>getAs("bin"))).isEqualTo(bins.get(key));
                binKeys.add(key);
            }
        }
        assertThat(parquetNames).isEqualTo(names);
        assertThat(binKeys).isEqualTo(bins.keySet());
    }

    @Test
    void anUnknownFormatIsAUsageErrorNamingTheFlag() {
        Cli.Result export = Cli.local("export", "--table", "any-table", "--format", "xml", "--output", dir.resolve("x").toString());

        assertThat(export.exitCode()).as(export.all()).isEqualTo(2);
        assertThat(export.err()).contains("--format: unknown format 'xml'");
    }
}

package dev.bulk.verbs;

import static dev.bulk.verbs.LoadTestSupport.byPk;
import static dev.bulk.verbs.LoadTestSupport.load;
import static dev.bulk.verbs.LoadTestSupport.n;
import static dev.bulk.verbs.LoadTestSupport.s;
import static dev.bulk.verbs.LoadTestSupport.table;
import static dev.bulk.verbs.LoadTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.testing.Cli;
import dev.bulk.testing.RichItems;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** JSON, Parquet and DynamoDB JSON loads give exact DynamoDB types; bad rows are listed with their position. */
class LoadFormatsTest {
    @TempDir
    Path dir;

    private Path run(String name) {
        return dir.resolve("runs").resolve(name);
    }

    @Test
    void jsonLinesKeepNumbersExactAndLeaveNullsOut() {
        Path file = write(dir, "lines.json", "{\"pk\": \"a\", \"tenth\": 0.1, \"big\": 12345678901234567890123456789012345678, "
                + "\"cents\": 1.50, \"ok\": true, \"gone\": null, \"nested\": {\"x\": [1, null, \"s\"], \"no\": null}}\n"
                + "{\"pk\": \"b\", \"tiny\": 1e-7}\n");
        String table = table("json-lines", "pk:S", null);
        Cli.Result result = load(table, run("lines"), "--format", "json", "--s3-path", file.toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Wrote 2 items to '" + table + "'");
        Map<String, Map<String, AttributeValue>> items = byPk(table, "pk");
        assertThat(items.get("a")).isEqualTo(Map.of("pk", s("a"), "tenth", n("0.1"),
                "big", n("12345678901234567890123456789012345678"), "cents", n("1.5"), "ok", AttributeValue.fromBool(true),
                "nested", AttributeValue.fromM(Map.of("x", AttributeValue.fromL(List.of(n("1"), AttributeValue.fromNul(true),
                        s("s"))))))); 
        assertThat(new BigDecimal(items.get("b").get("tiny").n())).isEqualByComparingTo("0.0000001");
    }

    @Test
    void jsonMultiLineArrayAndJsonPathSelectRecords() {
        Path array = write(dir, "array.json", "[\n  {\"pk\": \"a\", \"v\": 1},\n  {\"pk\": \"b\", \"v\": 2}\n]\n");
        String table = table("json-ml", "pk:S", null);
        Cli.Result result = load(table, run("ml"), "--format", "json", "--s3-path", array.toString(), "--multiline");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(byPk(table, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "v", n("1")), "b", Map.of("pk", s("b"), "v", n("2"))));
        // Without --multiLine each line is a record: "[", "{…}," and "]" are refused; the third line is a record.
        String lines = table("json-ml0", "pk:S", null);
        assertThat(load(lines, run("ml0"), "--format", "json", "--s3-path", array.toString()).exitCode()).isEqualTo(3);
        assertThat(byPk(lines, "pk")).isEqualTo(Map.of("b", Map.of("pk", s("b"), "v", n("2"))));
        assertThat(LoadTestSupport.refusedRows(run("ml0"))).extracting(row -> row.get("line").asInt()).containsExactly(1, 2, 4);

        Path nested = write(dir, "nested.json", "{\"meta\": {\"n\": 2},\n \"items\": [{\"pk\": \"c\"},\n {\"pk\": \"d\", \"tags\": [\"x\"]}]}\n");
        String selected = table("json-path", "pk:S", null);
        Cli.Result path = load(selected, run("path"), "--format", "json", "--s3-path", nested.toString(), "--multiLine",
                "--jsonPath", "$.items[*]");
        assertThat(path.exitCode()).as(path.all()).isZero();
        assertThat(byPk(selected, "pk")).isEqualTo(Map.of("c", Map.of("pk", s("c")),
                "d", Map.of("pk", s("d"), "tags", AttributeValue.fromL(List.of(s("x"))))));
    }

    @Test
    void parquetColumnsBecomeExactDynamoDbTypes() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("pk", DataTypes.StringType, false),
                DataTypes.createStructField("i", DataTypes.IntegerType, true),
                DataTypes.createStructField("l", DataTypes.LongType, true),
                DataTypes.createStructField("d", DataTypes.createDecimalType(38, 2), true),
                DataTypes.createStructField("f", DataTypes.DoubleType, true),
                DataTypes.createStructField("fl", DataTypes.FloatType, true),
                DataTypes.createStructField("b", DataTypes.BooleanType, true),
                DataTypes.createStructField("bin", DataTypes.BinaryType, true),
                DataTypes.createStructField("arr", DataTypes.createArrayType(DataTypes.IntegerType), true),
                DataTypes.createStructField("st", DataTypes.createStructType(List.of(
                        DataTypes.createStructField("x", DataTypes.StringType, true),
                        DataTypes.createStructField("y", DataTypes.LongType, true))), true),
                DataTypes.createStructField("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true)));
        Row row = RowFactory.create("a", 7, 9_007_199_254_740_993L, new BigDecimal("123456789012345678901234567890123456.78"),
                0.1, 0.1f, true, new byte[] {0, 1, (byte) 0xff}, List.of(1, 2),
                RowFactory.create("in", 5L), Map.of("k", 3));
        Row nulls = RowFactory.create("b", null, null, null, null, null, null, null, null, null, null);
        Path out = dir.resolve("typed.parquet");
        spark.createDataFrame(List.of(row, nulls), schema).coalesce(1).write().parquet(out.toString());

        String table = table("parquet", "pk:S", null);
        Cli.Result result = load(table, run("pq"), "--format", "parquet", "--s3-path", out.toString(), "--compression", "snappy");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err()).contains("--compression snappy is a Parquet writer option");
        assertThat(result.err()).contains("write units for 2 items"); // from the footers, exact
        Map<String, Map<String, AttributeValue>> items = byPk(table, "pk");
        assertThat(items.get("a")).isEqualTo(Map.ofEntries(Map.entry("pk", s("a")), Map.entry("i", n("7")),
                Map.entry("l", n("9007199254740993")), Map.entry("d", n("123456789012345678901234567890123456.78")),
                Map.entry("f", n("0.1")), Map.entry("fl", n("0.1")), Map.entry("b", AttributeValue.fromBool(true)),
                Map.entry("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff}))),
                Map.entry("arr", AttributeValue.fromL(List.of(n("1"), n("2")))),
                Map.entry("st", AttributeValue.fromM(Map.of("x", s("in"), "y", n("5")))),
                Map.entry("m", AttributeValue.fromM(Map.of("k", n("3"))))));
        assertThat(items.get("b")).isEqualTo(Map.of("pk", s("b")));
    }

    @Test
    void ddbJsonOfAllTenTypesLoadsByteForByteFromPlainAndGzippedFiles() throws Exception {
        List<Map<String, AttributeValue>> items = RichItems.items(60);
        StringBuilder wrapped = new StringBuilder();
        StringBuilder bare = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            String typed = AttributeValues.toJsonText(DynamoJson.item(items.get(i)));
            if (i % 2 == 0) {
                wrapped.append("{\"Item\":").append(typed).append("}\n");
            } else {
                bare.append(typed).append("\n\n");
            }
        }
        Path folder = dir.resolve("export");
        write(folder, "a.json", wrapped.toString());
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(folder.resolve("b.json.gz")))) {
            gz.write(bare.toString().getBytes(StandardCharsets.UTF_8));
        }
        write(folder, "_SUCCESS", "");
        String table = table("ddbjson", "pk:S", "sk:N");
        Cli.Result result = load(table, run("ddb"), "--format", "ddb-json", "--s3-path", folder.toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Wrote 60 items to '" + table + "'");
        List<String> keys = List.of("pk", "sk");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> expected = new java.util.HashMap<>();
        items.forEach(item -> expected.put(MutationsTest.key(item, keys), MutationsTest.normalized(item)));
        assertThat(MutationsTest.scan(table, keys)).isEqualTo(expected);
    }

    @Test
    void badRowsAreListedWithFileRowAndLineAndTheRestLoads() {
        Path file = write(dir, "mixed.json", "{\"id\": 1, \"v\": \"one\"}\n"
                + "{\"id\": \n"
                + "{\"v\": \"no key\"}\n"
                + "\n"
                + "{\"id\": \"abc\"}\n"
                + "{\"id\": \"7\", \"v\": \"seven\"}\n"
                + "[1, 2]\n");
        String table = table("badrows", "id:N", null);
        Path runDir = run("bad");
        Cli.Result result = load(table, runDir, "--format", "json", "--s3-path", file.toString());
        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        assertThat(result.out()).contains("Wrote 2 items to '" + table + "'");
        assertThat(result.err()).contains("Rows read: 6   refused: 4");
        assertThat(byPk(table, "id")).isEqualTo(Map.of("1", Map.of("id", n("1"), "v", s("one")),
                "7", Map.of("id", n("7"), "v", s("seven"))));
        List<JsonNode> refused = LoadTestSupport.refusedRows(runDir);
        assertThat(refused).extracting(row -> row.get("row").asLong() + "@" + row.get("line").asLong())
                .containsExactly("2@2", "3@3", "4@5", "6@7");
        assertThat(refused.get(0).get("error").asText()).startsWith("malformed JSON");
        assertThat(refused.get(0).get("text").asText()).isEqualTo("{\"id\": ");
        assertThat(refused.get(1).get("error").asText()).isEqualTo("no partition key attribute 'id'");
        assertThat(refused.get(2).get("error").asText()).contains("must be a number (N): 'abc' is not a number");
        assertThat(refused.get(3).get("error").asText()).contains("must be a JSON object");
        assertThat(refused).allSatisfy(row -> assertThat(row.get("file").asText()).endsWith("mixed.json"));
    }

    @Test
    void dryRunReadsAndCountsButWritesNothing() {
        Path file = write(dir, "dry.csv", "pk,v\na,1\nb,2\n,3\n");
        String table = table("dryrun", "pk:S", null);
        Cli.Result result = load(table, run("dry"), "--format", "csv", "--s3-path", file.toString(), "--dry-run");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("--dry-run: would write 2 items to '" + table + "' (3 rows read, 1 refused");
        assertThat(byPk(table, "pk")).isEmpty();
    }
}

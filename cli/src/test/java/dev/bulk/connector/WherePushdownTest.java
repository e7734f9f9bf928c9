package dev.bulk.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every condition in the table selects the same rows with all pushdowns on, with all off, and in
 * Spark SQL over the same items loaded from a JSON file — on a table holding all ten types,
 * nested values, missing and NULL attributes, reserved words and dotted names.
 */
class WherePushdownTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String table;
    private static Dataset<Row> pushed;
    private static Dataset<Row> plain;
    private static Dataset<Row> fromFile;

    @TempDir
    static Path folder;

    @BeforeAll
    static void load() throws IOException {
        table = LocalDynamo.uniqueTable("where");
        Cli.Result created = Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N");
        assertThat(created.exitCode()).as(created.all()).isZero();
        DYNAMO.putAll(table, RichItems.items(150));
        SparkSession spark = SparkSession.active();
        pushed = read(spark, true);
        plain = read(spark, false);
        // The items as DynamoDB returns them (set order included), as plain JSON lines.
        List<String> lines = new ArrayList<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                lines.add(AttributeValues.toJsonText(TypeMapping.plainJson(item)));
            }
        }
        Path file = folder.resolve("items.json");
        Files.write(file, lines, StandardCharsets.UTF_8);
        List<StructField> fields = new ArrayList<>();
        for (StructField field : pushed.schema().fields()) {
            if (!field.name().equals(TypeMapping.ITEM_COLUMN)) {
                fields.add(field);
            }
        }
        fromFile = spark.read().schema(new StructType(fields.toArray(new StructField[0]))).json(file.toString());
    }

    static Dataset<Row> read(SparkSession spark, boolean pushdown) {
        Map<String, String> options = ReadOptions.toMap(table, null, DYNAMO.settings(), 16, 0, false,
                pushdown ? ReadOptions.Pushdown.all() : ReadOptions.Pushdown.none(), null);
        return spark.read().format("dynamodb").options(options).load();
    }

    static Stream<String> conditions() {
        return Stream.of(
                "s = 'alpha'", "s <> 'alpha'", "s < 'm'", "s >= 'm'", "NOT (s = 'alpha')", "s IS NULL", "s IS NOT NULL",
                "n > 5", "n <= 5", "n = 3", "n <> 3", "NOT (n > 5)", "n IN (1, 2, 3)", "s IN ('ab', 'beta')",
                "price > 1.5", "price = 2.25", "price <= 0.5", "big > 0", "big = 12345678901234567890123456789012345678",
                "flag = true", "flag <> true", "NOT flag", "flag", "flag IS NULL",
                "bin = X'0102FF'", "bin > X'01'",
                "s LIKE 'ab%'", "s LIKE '%b%'", "s LIKE '%a'",
                "`name` = 'Alice'", "`size` = 1", "`a.b` = 'dotted'", "`odd-name` > 2",
                "address.city = 'Paris'", "address.zip IS NULL", "address.zip > 1050", "address IS NULL",
                "a > b", "a = b", "NOT (a > b)",
                "s = 'alpha' OR n > 5", "(s = 'alpha' OR n > 5) AND flag = true", "NOT (s = 'alpha' AND n > 5)",
                "NOT (s = 'zeta' OR n IS NULL)",
                "mixed = '5'", "mixed = 'true'",
                "size(tags) > 1", "array_contains(tags, 'blue')", "nul IS NULL", "nul IS NOT NULL",
                "ts < '2024'", "a > b and ts < '2024' and val IN ('x', 'y')",
                "pk = 'p1'", "pk = 'p1' AND sk > 30", "pk = 'p2' AND sk BETWEEN 20 AND 80", "pk = 'p3' AND sk = 9",
                "pk = 'p4' AND s = 'alpha'", "pk = 'p5' AND sk >= 10 AND sk < 50", "sk > 30 AND sk < 70",
                "coalesce(n, 0) = 0", "timestamp > '2024-01-20'", "list[1] > 100", "nums[0] > 50");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void sameRowsWithPushdownOnOffAndFromAFile(String condition) {
        Set<String> expected = keys(fromFile.filter(condition));
        assertThat(keys(pushed.filter(condition))).as("pushdown on").isEqualTo(expected);
        assertThat(keys(plain.filter(condition))).as("pushdown off").isEqualTo(expected);
        assertThat(pushed.filter(condition).count()).as("count, pushdown on").isEqualTo(expected.size());
    }

    private static Set<String> keys(Dataset<Row> rows) {
        Set<String> keys = new TreeSet<>();
        for (Row row : rows.select("pk", "sk").collectAsList()) {
            keys.add(row.getString(0) + "|" + row.get(1));
        }
        return keys;
    }
}

package dev.bulk.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.RetryPolicy;
import dev.bulk.testing.Cli;
import dev.bulk.testing.FaultyDynamoProxy;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@code df.write().format("dynamodb")} against DynamoDB Local in the tests' local Spark: exact
 * copies through the reader's item column, load's types from typed rows, the two conditions,
 * refused rows and options, and unprocessed items and throttles from the hand-written fake.
 * Every table is checked with the SDK's own scan.
 */
class ConnectorWriteTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final StructType VERSIONED = new StructType().add("pk", DataTypes.StringType).add("sk", DataTypes.LongType)
            .add("ver", DataTypes.LongType).add("v", DataTypes.StringType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        Cli.shareSpark();
        spark = SparkSession.active();
    }

    private static String table(String prefix) {
        String name = LocalDynamo.uniqueTable(prefix);
        Cli.Result created = Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N");
        assertThat(created.exitCode()).as(created.all()).isZero();
        return name;
    }

    private static Map<String, String> options(String table, String endpoint) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("table", table);
        options.put("endpoint", endpoint);
        options.put("staticCredentials", "true");
        options.put("writeRate", "5000");
        return options;
    }

    private static Map<String, String> options(String table) {
        return options(table, DYNAMO.endpoint());
    }

    /** The table's items by key, from the SDK's own scan. */
    private static Map<String, Map<String, AttributeValue>> scan(String table) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        for (ScanResponse page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                items.put(item.get("pk").s() + "/" + item.get("sk").n(), item);
            }
        }
        return items;
    }

    private static Dataset<Row> rows(StructType schema, Row... rows) {
        return spark.createDataFrame(Arrays.asList(rows), schema);
    }

    @Test
    void readThenWriteCopiesEveryTypeExactly() {
        String source = table("wsrc");
        String target = table("wdst");
        DYNAMO.putAll(source, RichItems.items(120));
        Dataset<Row> read = spark.read().format("dynamodb").options(options(source)).load();

        read.select("*", TypeMapping.ITEM_COLUMN).write().format("dynamodb").options(options(target)).mode("append").save();

        Map<String, Map<String, AttributeValue>> expected = scan(source);
        assertThat(expected).hasSize(120);
        assertThat(scan(target)).isEqualTo(expected);
    }

    @Test
    void writeToThroughTheCatalogAppends() throws Exception {
        String source = table("wcsrc");
        String target = table("wcdst");
        DYNAMO.putAll(source, RichItems.items(30));
        spark.conf().set("spark.sql.catalog.ddbtest", DynamoDbCatalog.class.getName());
        spark.conf().set("spark.sql.catalog.ddbtest.endpoint", DYNAMO.endpoint());
        spark.conf().set("spark.sql.catalog.ddbtest.staticCredentials", "true");

        spark.table("ddbtest.`" + source + "`").select("*", TypeMapping.ITEM_COLUMN).writeTo("ddbtest.`" + target + "`")
                .option("writeRate", "5000").append();

        assertThat(scan(target)).hasSize(30).isEqualTo(scan(source));
    }

    @Test
    void selectStarHidesTheItemColumnAndNamingItReadsIt() {
        String source = table("wmeta");
        DYNAMO.putAll(source, RichItems.items(12));
        Dataset<Row> read = spark.read().format("dynamodb").options(options(source)).load();

        assertThat(read.columns()).doesNotContain(TypeMapping.ITEM_COLUMN).contains("pk", "sk");
        Map<String, Map<String, AttributeValue>> named = new HashMap<>();
        for (Row row : read.select(TypeMapping.ITEM_COLUMN).collectAsList()) {
            Map<String, AttributeValue> item = DynamoJson.parseItem(AttributeValues.parseJson(row.getString(0)));
            named.put(item.get("pk").s() + "/" + item.get("sk").n(), item);
        }
        assertThat(named).isEqualTo(scan(source));
        assertThat(read.metadataColumn(TypeMapping.ITEM_COLUMN)).isNotNull();
    }

    @Test
    void typedRowsWriteTheTypesLoadWrites() {
        String target = table("wtyped");
        StructType schema = new StructType().add("pk", DataTypes.StringType).add("sk", DataTypes.LongType)
                .add("price", DataTypes.createDecimalType(10, 2)).add("bin", DataTypes.BinaryType)
                .add("tags", DataTypes.createArrayType(DataTypes.StringType))
                .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
                .add("address", new StructType().add("city", DataTypes.StringType).add("zip", DataTypes.IntegerType))
                .add("flag", DataTypes.BooleanType).add("gone", DataTypes.StringType);
        Row row = RowFactory.create("a", 7L, new BigDecimal("12.50"), new byte[] {1, 2, (byte) 255},
                List.of("red", "blue"), Map.of("x", 3L), RowFactory.create("Paris", 75001), true, null);

        rows(schema, row).write().format("dynamodb").options(options(target)).mode("append").save();

        Map<String, AttributeValue> item = scan(target).get("a/7");
        assertThat(item.get("sk").n()).isEqualTo("7");
        assertThat(new BigDecimal(item.get("price").n())).isEqualByComparingTo("12.5");
        assertThat(item.get("bin").b().asByteArray()).containsExactly(1, 2, 255);
        assertThat(item.get("tags").l()).containsExactly(AttributeValue.fromS("red"), AttributeValue.fromS("blue"));
        assertThat(item.get("counts").m()).isEqualTo(Map.of("x", AttributeValue.fromN("3")));
        assertThat(item.get("address").m()).isEqualTo(Map.of("city", AttributeValue.fromS("Paris"), "zip", AttributeValue.fromN("75001")));
        assertThat(item.get("flag").bool()).isTrue();
        assertThat(item).doesNotContainKey("gone");
    }

    @Test
    void conditionAbsentLeavesExistingItemsAndCountsThemSkipped() throws Exception {
        String target = table("wabsent");
        DYNAMO.putAll(target, List.of(versioned("a", 1, 5, "old")));
        Map<String, String> options = options(target);
        options.put("condition", "absent");

        rows(VERSIONED, RowFactory.create("a", 1L, 9L, "new"), RowFactory.create("b", 2L, 9L, "new"))
                .write().format("dynamodb").options(options).mode("append").save();

        Map<String, Map<String, AttributeValue>> items = scan(target);
        assertThat(items.get("a/1").get("v").s()).isEqualTo("old");
        assertThat(items.get("b/2").get("v").s()).isEqualTo("new");
        WriteCounts counts = writeDirectly(target, new ItemPutter.Condition(ItemPutter.Kind.ABSENT, null),
                RowFactory.create("a", 1L, 9L, "again"), RowFactory.create("c", 3L, 9L, "new"));
        assertThat(counts).isEqualTo(new WriteCounts(1, 1, 0, counts.writeUnits()));
        assertThat(scan(target).get("a/1").get("v").s()).isEqualTo("old");
    }

    @Test
    void conditionNewerReplacesOnlyOlderItems() {
        String target = table("wnewer");
        DYNAMO.putAll(target, List.of(versioned("a", 1, 5, "old"), versioned("b", 2, 5, "old")));
        Map<String, String> options = options(target);
        options.put("condition", "newer");
        options.put("condition.column", "ver");

        rows(VERSIONED, RowFactory.create("a", 1L, 3L, "new"), RowFactory.create("b", 2L, 9L, "new"),
                RowFactory.create("c", 3L, 1L, "new")).write().format("dynamodb").options(options).mode("append").save();

        Map<String, Map<String, AttributeValue>> items = scan(target);
        assertThat(items.get("a/1").get("v").s()).isEqualTo("old");
        assertThat(items.get("b/2").get("v").s()).isEqualTo("new");
        assertThat(items.get("c/3").get("v").s()).isEqualTo("new");
    }

    @Test
    void aRowThatCannotBeWrittenFailsTheTaskOrIsListedUnderTheFailurePath(@TempDir Path failures) throws Exception {
        String target = table("wfail");
        Map<String, String> options = options(target);
        options.put("condition", "newer");
        options.put("condition.column", "ver");
        Dataset<Row> rows = rows(VERSIONED, RowFactory.create("a", 1L, 1L, "x"), RowFactory.create("b", 2L, null, "no version"))
                .coalesce(1);

        assertThatThrownBy(() -> rows.write().format("dynamodb").options(options).mode("append").save())
                .hasStackTraceContaining("1 of 2 items could not be written").hasStackTraceContaining("\"b\"")
                .hasStackTraceContaining("option 'failure.path'");

        options.put("failure.path", failures.toString());
        rows.write().format("dynamodb").options(options).mode("append").save();
        assertThat(scan(target).keySet()).containsExactly("a/1");
        List<String> listed = new ArrayList<>();
        try (Stream<Path> files = Files.list(failures.resolve("failures"))) {
            for (Path file : files.toList()) {
                listed.addAll(Files.readAllLines(file));
            }
        }
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).contains("\"pk\":{\"S\":\"b\"}").contains("no 'ver' attribute to compare");
    }

    @Test
    void aRowWithoutItsKeyFailsTheWriteNamingTheKey() {
        String target = table("wnokey");
        Dataset<Row> rows = rows(VERSIONED, RowFactory.create(null, 1L, 1L, "x"));

        assertThatThrownBy(() -> rows.write().format("dynamodb").options(options(target)).mode("append").save())
                .hasStackTraceContaining("no partition key attribute 'pk'").hasStackTraceContaining("[pk, sk]");
        assertThatThrownBy(() -> rows.drop("sk").write().format("dynamodb").options(options(target)).mode("append").save())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[sk]");
        assertThat(DYNAMO.countByScan(target)).isZero();
    }

    @Test
    void anUnknownOptionValueFailsNamingTheKey() {
        String target = table("wbadopt");
        Map<String, String> options = options(target);
        options.put("condition", "sometimes");
        Dataset<Row> rows = rows(VERSIONED, RowFactory.create("a", 1L, 1L, "x"));

        assertThatThrownBy(() -> rows.write().format("dynamodb").options(options).mode("append").save())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'condition'")
                .hasMessageContaining("sometimes");
        options.put("condition", "newer");
        assertThatThrownBy(() -> rows.write().format("dynamodb").options(options).mode("append").save())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'condition.column'");
        options.remove("condition");
        options.put("writeRate", "-3");
        assertThatThrownBy(() -> rows.write().format("dynamodb").options(options).mode("append").save())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'writeRate'");
        assertThat(DYNAMO.countByScan(target)).isZero();
    }

    @Test
    void unprocessedItemsAndThrottlesStillWriteEveryItemOnce() {
        String source = table("wfsrc");
        String target = table("wfdst");
        DYNAMO.putAll(source, RichItems.items(300));
        Dataset<Row> read = spark.read().format("dynamodb").options(options(source)).load().select(TypeMapping.ITEM_COLUMN);
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().unprocessedFraction(0.3)
                .throttleEvery("BatchWriteItem", 4).seed(11);
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            read.write().format("dynamodb").options(options(target, proxy.endpoint())).mode("append").save();
        }

        assertThat(faults.unprocessed()).isPositive();
        assertThat(faults.throttles()).isPositive();
        assertThat(DYNAMO.countByScan(target)).isEqualTo(300);
        assertThat(scan(target)).isEqualTo(scan(source));
    }

    private static Map<String, AttributeValue> versioned(String pk, long sk, long ver, String v) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Long.toString(sk)),
                "ver", AttributeValue.fromN(Long.toString(ver)), "v", AttributeValue.fromS(v));
    }

    /** One task's writer, driven by hand, to see the counts it commits. */
    private static WriteCounts writeDirectly(String table, ItemPutter.Condition condition, Row... rows) throws Exception {
        ItemPutter.Target target = new ItemPutter.Target(DYNAMO.settings(), table, new KeySchema("pk", "S", "sk", "N"),
                Budget.local("test", 0), 2, false, RetryPolicy.ITEMS);
        DynamoDbWriterFactory factory = new DynamoDbWriterFactory(target, condition, null, null, VERSIONED);
        scala.Function1<Object, Object> toInternal = CatalystTypeConverters.createToCatalystConverter(VERSIONED);
        try (DataWriter<InternalRow> writer = factory.createWriter(0, 0)) {
            for (Row row : rows) {
                writer.write((InternalRow) toInternal.apply(row));
            }
            return (WriteCounts) writer.commit();
        }
    }
}

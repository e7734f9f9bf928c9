package dev.bulk.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableRef;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import static dev.bulk.testing.Serialization.roundTrip;

/** What travels to executors survives Java serialization exactly — binary values included (SdkBytes alone does not). */
class PlainDataSerializationTest {
    private static final Map<String, AttributeValue> VALUES = Map.of(
            ":b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) 0xff})),
            ":n", AttributeValue.fromN("12345678901234567890123456789012345678"),
            ":s", AttributeValue.fromS("x"),
            ":bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9}))));

    @Test
    void readPlanKeepsEveryValueAndSetting() throws Exception {
        ReadOptions options = new ReadOptions(TableRef.parse("t-1"), "idx", ClientSettings.local("http://127.0.0.1:1"), 16, 100,
                false, 1000, ReadOptions.Pushdown.all(), "run");
        StructType schema = new StructType(new StructField[] {DataTypes.createStructField("pk", DataTypes.StringType, true,
                TypeMapping.typed("S"))});
        ReadPlan plan = new ReadPlan(options, 16, "#n0 = :s", "#n1 = :b", "#n0", Map.of("#n0", "pk", "#n1", "bin"), VALUES, false,
                schema, 10, List.of(new ReadPlan.SortKey(List.of("pk"), false, true)), dev.bulk.dynamo.Budget.local("read:t-1", 50));
        ReadPlan back = roundTrip(plan);
        assertThat(back).isEqualTo(plan);
        assertThat(back.values()).isEqualTo(VALUES);
        assertThat(TypeMapping.pinnedType(back.rowSchema().fields()[0])).isEqualTo("S");
    }

    @Test
    void scanSpecAndPartitionSurvive() throws Exception {
        ScanSpec spec = ScanSpec.count(TableRef.parse("t-1"), null, 8).withFilter("#a = :b", Map.of("#a", "a"), VALUES);
        assertThat(roundTrip(spec).expressionValues()).isEqualTo(VALUES);
        DynamoDbInputPartition partition = new DynamoDbInputPartition(new int[] {3, 1, 4});
        assertThat(roundTrip(partition).segments()).containsExactly(3, 1, 4);
    }

    @Test
    void writeOptionsFactoryAndCountsSurvive() throws Exception {
        WriteOptions options = WriteOptions.from(Map.of("table", "t-1", "endpoint", "http://127.0.0.1:1", "staticCredentials", "true",
                "writeRate", "250", "condition", "newer", "condition.column", "ver", "failure.path", "/tmp/failed"));
        assertThat(roundTrip(options)).isEqualTo(options);
        assertThat(options.condition()).isEqualTo(new ItemPutter.Condition(ItemPutter.Kind.NEWER, "ver"));
        StructType rows = new StructType().add("pk", DataTypes.StringType).add("n", DataTypes.createDecimalType(38, 2));
        DynamoDbWriterFactory factory = new DynamoDbWriterFactory(new ItemPutter.Target(options.client(), "t-1",
                new KeySchema("pk", "S", null, null), dev.bulk.dynamo.Budget.local("write:t-1", 250), 4, false,
                dev.bulk.dynamo.RetryPolicy.ITEMS),
                options.condition(), options.failurePath(), "run", rows);
        assertThat(roundTrip(factory)).isEqualTo(factory);
        WriteCounts counts = new WriteCounts(10, 2, 1, 12.5);
        assertThat(roundTrip(counts)).isEqualTo(counts);
    }
}

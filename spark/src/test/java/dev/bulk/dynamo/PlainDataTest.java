package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk.engine.count.SegmentCountJob;
import dev.bulk.engine.fill.FillJob;
import dev.bulk.scripts.ScriptCatalog;
import dev.bulk.scripts.ScriptKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import static dev.bulk.testing.Serialization.roundTrip;

/** What travels to executors is plain data: each survives Java serialization unchanged. */
class PlainDataTest {
    @Test
    void everyShippedValueSurvivesSerialization() throws Exception {
        ClientSettings settings = ClientSettings.endpoint("http://127.0.0.1:8000", "eu-west-1", "prof");
        TableRef table = TableRef.parse("arn:aws:dynamodb:eu-west-1:123456789012:table/orders");
        KeySchema keys = new KeySchema("pk", "S", "sk", "N");
        ScanSpec spec = ScanSpec.count(table, "byColor", 64).withFilter("#a > :v", Map.of("#a", "a"),
                Map.of(":v", AttributeValue.fromN("12345678901234567890123456789012345678")));
        FillJob.Spec fill = new FillJob.Spec(settings, "orders", keys, ScriptCatalog.resolve(ScriptKind.FILL, "default", null), 100,
                new FailureFile.Location("/tmp/out", "orders"), "run-1");
        assertThat(roundTrip(settings)).isEqualTo(settings);
        assertThat(roundTrip(table)).isEqualTo(table);
        assertThat(roundTrip(keys)).isEqualTo(keys);
        assertThat(roundTrip(spec)).isEqualTo(spec);
        assertThat(roundTrip(RetryPolicy.DEFAULT)).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(roundTrip(new SegmentCountJob.SegmentCount(3, 10, 12, 1.5))).isEqualTo(new SegmentCountJob.SegmentCount(3, 10, 12, 1.5));
        FillJob.Spec back = roundTrip(fill);
        assertThat(back.settings()).isEqualTo(settings);
        assertThat(back.failures()).isEqualTo(fill.failures());
        assertThat(back.generator().displayName()).isEqualTo("default");
        assertThat(back.progressKey()).isEqualTo("run-1");
    }

    @Test
    void tableArnGivesNameRegionAndIsUsedAsTheApiName() {
        TableRef ref = TableRef.parse("arn:aws:dynamodb:ap-south-1:123456789012:table/my.table-1");
        assertThat(ref.name()).isEqualTo("my.table-1");
        assertThat(ref.region()).isEqualTo("ap-south-1");
        assertThat(ref.apiName()).startsWith("arn:aws:dynamodb:ap-south-1");
        assertThat(TableRef.parse("plain").apiName()).isEqualTo("plain");
        assertThatThrownBy(() -> TableRef.parse("arn:aws:s3:::bucket")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plannerScalesWithSizeAndItemsAndStaysInRange() {
        assertThat(SegmentPlanner.plan(0, 0, 2)).isEqualTo(8);
        assertThat(SegmentPlanner.plan(40_000_000L, 200_000, 2)).isBetween(64, 96);
        assertThat(SegmentPlanner.plan(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 2)).isEqualTo(1_000_000);
        List<Integer> shuffled = SegmentPlanner.shuffled(100, 1);
        assertThat(shuffled).containsExactlyInAnyOrderElementsOf(SegmentPlanner.shuffled(100, 2)).hasSize(100)
                .isNotEqualTo(List.copyOf(new java.util.TreeSet<>(shuffled)));
        assertThat(SegmentPlanner.sample(64, 0.1, 3)).hasSize(6).doesNotHaveDuplicates();
        assertThat(SegmentPlanner.sample(64, 0.001, 3)).hasSize(1);
    }

    @Test
    void plainJsonNumbersStayExactAndDynamoJsonRoundTripsEveryType() {
        Map<String, AttributeValue> values = AttributeValues.mapFromJson(
                AttributeValues.parseJson("{\":big\": 12345678901234567890123456789012345678, \":f\": 1742359403.0, \":s\": \"x\"}"));
        assertThat(values.get(":big").n()).isEqualTo("12345678901234567890123456789012345678");
        assertThat(values.get(":f").n()).isEqualTo("1742359403.0");
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("text"), "n", AttributeValue.fromN("-0.000000000000000000000000000000000001"),
                "b", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255})),
                "bool", AttributeValue.fromBool(false), "nul", AttributeValue.fromNul(true),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2.50")),
                "bs", AttributeValue.fromBs(List.of(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {7}))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"))),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("deep", AttributeValue.fromBool(true))))));
        assertThat(DynamoJson.parseItem(DynamoJson.item(item))).isEqualTo(item);
    }
}

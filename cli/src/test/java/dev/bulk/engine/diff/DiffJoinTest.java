package dev.bulk.engine.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.testing.Cli;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The join step on a real local Spark. DynamoDB Local (like DynamoDB) puts a key in the same segment of
 * both tables, so a key found in different segments cannot be planted through tables: the step is fed
 * here with the records a scan task emits for such keys.
 */
class DiffJoinTest {
    private static final KeySchema KEYS = new KeySchema("pk", "S", "sk", "N");
    private static final DiffLines LINES = new DiffLines(KEYS, false);

    private static Map<String, AttributeValue> item(String pk, String sk, AttributeValue value) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(sk), "v", value);
    }

    private static DiffRecord left(Map<String, AttributeValue> item) {
        return new DiffRecord(DiffKey.of(KEYS, item), DiffRecord.UNMATCHED, null, json(item), null);
    }

    private static DiffRecord right(Map<String, AttributeValue> item) {
        return new DiffRecord(DiffKey.of(KEYS, item), DiffRecord.UNMATCHED, null, null, json(item));
    }

    private static String json(Map<String, AttributeValue> item) {
        return AttributeValues.toJsonText(DynamoJson.item(item));
    }

    @Test
    void unmatchedHalvesOfOneKeyAreComparedAndLoneHalvesAreAddsOrRemoves() {
        Cli.shareSpark();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
        AttributeValue five = AttributeValue.fromL(List.of(AttributeValue.fromN("5")));
        AttributeValue fiveSpelledLonger = AttributeValue.fromL(List.of(AttributeValue.fromN("5.00")));
        Map<String, AttributeValue> found = item("a", "1", AttributeValue.fromS("same in-segment change"));
        List<DiffRecord> scanned = List.of(
                left(item("a", "2", five)), right(item("a", "2.0", fiveSpelledLonger)),       // equal: no difference
                left(item("a", "3", AttributeValue.fromS("x"))), right(item("a", "3", AttributeValue.fromS("y"))), // changed
                left(item("b", "9", AttributeValue.fromS("x"))),                               // removed
                right(item("b", "10", AttributeValue.fromS("x"))),                             // added
                new DiffRecord(DiffKey.of(KEYS, found), '*', LINES.render('*', found, found), null, null));
        // Four partitions, so the halves of a key start in different partitions, as from different segments.
        List<String> lines = DiffJob.resolve(context.parallelize(scanned, 4), LINES).map(DiffRecord::text).collect();
        assertThat(lines).containsExactlyInAnyOrder(
                "* {\"pk\": {\"S\": \"a\"},\"sk\": {\"N\": \"1\"}}",
                "* {\"pk\": {\"S\": \"a\"},\"sk\": {\"N\": \"3\"}}",
                "- {\"pk\": {\"S\": \"b\"},\"sk\": {\"N\": \"9\"}}",
                "+ {\"pk\": {\"S\": \"b\"},\"sk\": {\"N\": \"10\"}}");
    }
}

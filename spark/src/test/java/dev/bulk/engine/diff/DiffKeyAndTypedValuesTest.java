package dev.bulk.engine.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.TypedValues;
import dev.bulk.testing.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Typed equality and key order, table style. DynamoDB Local returns sets sorted and top-level numbers
 * normalized, so set order and number spelling cannot all be planted through a table: they are pinned here.
 */
class DiffKeyAndTypedValuesTest {
    private static AttributeValue bytes(int... values) {
        byte[] array = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            array[i] = (byte) values[i];
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(array));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("1 and 1.0", AttributeValue.fromN("1"), AttributeValue.fromN("1.0"), true),
                Arguments.of("0 and -0.00", AttributeValue.fromN("0"), AttributeValue.fromN("-0.00"), true),
                Arguments.of("1E+2 and 100", AttributeValue.fromN("1E+2"), AttributeValue.fromN("100"), true),
                Arguments.of("10 and 9", AttributeValue.fromN("10"), AttributeValue.fromN("9"), false),
                Arguments.of("38 digits differing in the last", AttributeValue.fromN("12345678901234567890123456789012345678"),
                        AttributeValue.fromN("12345678901234567890123456789012345679"), false),
                Arguments.of("number and string", AttributeValue.fromN("1"), AttributeValue.fromS("1"), false),
                Arguments.of("string set order", AttributeValue.fromSs(List.of("a", "b", "c")),
                        AttributeValue.fromSs(List.of("c", "a", "b")), true),
                Arguments.of("string sets differ", AttributeValue.fromSs(List.of("a", "b")), AttributeValue.fromSs(List.of("a", "c")),
                        false),
                Arguments.of("number set order and spelling", AttributeValue.fromNs(List.of("1", "2.5", "10")),
                        AttributeValue.fromNs(List.of("10.0", "1", "2.50")), true),
                Arguments.of("number sets differ", AttributeValue.fromNs(List.of("1", "2")), AttributeValue.fromNs(List.of("1", "3")),
                        false),
                Arguments.of("binary equal bytes", bytes(1, 0xff), bytes(1, 0xff), true),
                Arguments.of("binary differs", bytes(1, 0xff), bytes(1, 0xfe), false),
                Arguments.of("binary set order", AttributeValue.fromBs(List.of(bytes(1).b(), bytes(2, 3).b())),
                        AttributeValue.fromBs(List.of(bytes(2, 3).b(), bytes(1).b())), true),
                Arguments.of("list order matters", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromN("2"))),
                        AttributeValue.fromL(List.of(AttributeValue.fromN("2"), AttributeValue.fromN("1"))), false),
                Arguments.of("list of numbers spelled differently", AttributeValue.fromL(List.of(AttributeValue.fromN("5"))),
                        AttributeValue.fromL(List.of(AttributeValue.fromN("5.0"))), true),
                Arguments.of("map entry order irrelevant", AttributeValue.fromM(orderedMap("a", "b")),
                        AttributeValue.fromM(orderedMap("b", "a")), true),
                Arguments.of("map with an extra entry", AttributeValue.fromM(Map.of("a", AttributeValue.fromBool(true))),
                        AttributeValue.fromM(Map.of("a", AttributeValue.fromBool(true), "b", AttributeValue.fromNul(true))), false),
                Arguments.of("bool", AttributeValue.fromBool(true), AttributeValue.fromBool(false), false),
                Arguments.of("null", AttributeValue.fromNul(true), AttributeValue.fromNul(true), true));
    }

    private static Map<String, AttributeValue> orderedMap(String first, String second) {
        Map<String, AttributeValue> map = new java.util.LinkedHashMap<>();
        map.put(first, AttributeValue.fromN(first.equals("a") ? "1" : "2"));
        map.put(second, AttributeValue.fromN(second.equals("a") ? "1" : "2"));
        return map;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void typedEquality(String name, AttributeValue left, AttributeValue right, boolean equal) {
        assertThat(TypedValues.equal(left, right)).isEqualTo(equal);
        assertThat(TypedValues.equal(right, left)).isEqualTo(equal);
    }

    private static final KeySchema PK_SK_N = new KeySchema("pk", "S", "sk", "N");

    private static DiffKey key(String pk, String sk) {
        return DiffKey.of(PK_SK_N, Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(sk)));
    }

    @Test
    void keysSortByPartitionThenNumericSortKey() {
        List<DiffKey> keys = new ArrayList<>(List.of(key("b", "1"), key("a", "10"), key("a", "9"), key("a", "-2.5"),
                key("\uD83D\uDE00", "0"), key("\uFFFD", "0")));
        Collections.sort(keys);
        // U+FFFD sorts before U+1F600 in UTF-8 (and code points); UTF-16 would put the surrogate pair first.
        assertThat(keys).containsExactly(key("a", "-2.5"), key("a", "9"), key("a", "10"), key("b", "1"), key("\uFFFD", "0"),
                key("\uD83D\uDE00", "0"));
    }

    @Test
    void equalKeysSpelledDifferentlyAreEqualAndHashAlike() {
        assertThat(key("a", "1")).isEqualTo(key("a", "1.00")).hasSameHashCodeAs(key("a", "1.00"));
        assertThat(key("a", "1").compareTo(key("a", "1.00"))).isZero();
    }

    @Test
    void binaryKeysSortUnsignedAndSurviveSerialization() throws Exception {
        KeySchema binary = new KeySchema("pk", "B", null, null);
        DiffKey low = DiffKey.of(binary, Map.of("pk", bytes(0x7f)));
        DiffKey high = DiffKey.of(binary, Map.of("pk", bytes(0x80)));
        assertThat(low.compareTo(high)).isNegative();
        DiffKey copy = Serialization.roundTrip(high);
        assertThat(copy).isEqualTo(high).hasSameHashCodeAs(high);
    }

    @Test
    void jobSpecSurvivesSerialization() throws Exception {
        dev.bulk.dynamo.TableRef ref = dev.bulk.dynamo.TableRef.parse("arn:aws:dynamodb:eu-west-1:123456789012:table/tab2");
        DiffJob.Side side = new DiffJob.Side(dev.bulk.dynamo.ClientSettings.local("http://127.0.0.1:8000"),
                new dev.bulk.dynamo.ScanSpec(ref, null, 16, false, null, null, null, null, true),
                dev.bulk.dynamo.Budget.local("read:t2", 100));
        DiffJob.Spec spec = new DiffJob.Spec(side, side, PK_SK_N, true, "run-1", 4);
        assertThat(Serialization.roundTrip(spec)).isEqualTo(spec);
        DiffLines lines = new DiffLines(PK_SK_N, true);
        assertThat(Serialization.roundTrip(lines).render('+', null, Map.of("sk", AttributeValue.fromN("1"), "pk",
                AttributeValue.fromS("a")))).isEqualTo("+ {\"pk\": {\"S\": \"a\"},\"sk\": {\"N\": \"1\"}}");
    }

    @Test
    void recordsSurviveSerialization() throws Exception {
        DiffRecord record = new DiffRecord(key("a", "1"), DiffRecord.UNMATCHED, null, "{\"pk\":{\"S\":\"a\"}}", null);
        assertThat(Serialization.roundTrip(record)).isEqualTo(record);
    }
}

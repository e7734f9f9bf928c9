package dev.bulk.dynamo;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Equality and order of attribute values as DynamoDB defines them, not as their text spells them:
 * numbers compare as numbers ({@code 1} equals {@code 1.0}, {@code 10} is above {@code 9}), sets as
 * sets (element order is irrelevant; number sets numerically), binary by bytes, maps by key, lists in
 * order. Strings order by UTF-8 bytes (code point order), binary by unsigned bytes.
 */
public final class TypedValues {
    private TypedValues() {
    }

    /** Whether two items hold the same attributes with equal values. */
    public static boolean sameItem(Map<String, AttributeValue> left, Map<String, AttributeValue> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (Map.Entry<String, AttributeValue> entry : left.entrySet()) {
            AttributeValue other = right.get(entry.getKey());
            if (other == null || !equal(entry.getValue(), other)) {
                return false;
            }
        }
        return true;
    }

    public static boolean equal(AttributeValue left, AttributeValue right) {
        if (left.type() != right.type()) {
            return false;
        }
        switch (left.type()) {
            case S:
                return left.s().equals(right.s());
            case N:
                return number(left.n()).compareTo(number(right.n())) == 0;
            case B:
                return bytes(left.b()).equals(bytes(right.b()));
            case BOOL:
                return left.bool().equals(right.bool());
            case NUL:
                return true;
            case SS:
                return new HashSet<>(left.ss()).equals(new HashSet<>(right.ss()));
            case NS:
                return numbers(left.ns()).equals(numbers(right.ns()));
            case BS:
                return byteSet(left.bs()).equals(byteSet(right.bs()));
            case L:
                return sameList(left.l(), right.l());
            case M:
                return sameItem(left.m(), right.m());
            default:
                throw new IllegalArgumentException("unknown attribute type " + left.type());
        }
    }

    /** A number in a canonical form: equal numbers give equal (and equally hashed) values. */
    public static BigDecimal number(String text) {
        BigDecimal value = new BigDecimal(text);
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** Code point order, which is the order of the strings' UTF-8 bytes: DynamoDB's order of S keys. */
    public static int compareStrings(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Boolean.compare(i < left.length(), j < right.length());
    }

    /** Unsigned byte order: DynamoDB's order of B keys. */
    public static int compareBytes(byte[] left, byte[] right) {
        return java.util.Arrays.compareUnsigned(left, right);
    }

    private static boolean sameList(List<AttributeValue> left, List<AttributeValue> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!equal(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Set<BigDecimal> numbers(List<String> texts) {
        Set<BigDecimal> set = new HashSet<>();
        texts.forEach(text -> set.add(number(text)));
        return set;
    }

    private static ByteBuffer bytes(SdkBytes value) {
        return ByteBuffer.wrap(value.asByteArrayUnsafe());
    }

    private static Set<ByteBuffer> byteSet(List<SdkBytes> values) {
        Set<ByteBuffer> set = new HashSet<>();
        values.forEach(value -> set.add(bytes(value)));
        return set;
    }
}

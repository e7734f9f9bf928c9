package dev.bulk.engine.diff;

import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.TypedValues;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The primary key of an item as plain, typed data: a String (S), a canonical BigDecimal (N) or a
 * byte[] (B) per key attribute. Equal keys are equal however the number was spelled, and keys sort
 * in DynamoDB's order (partition key, then sort key; numbers numerically, strings and binary by bytes),
 * so a diff's lines come out in one deterministic order.
 */
final class DiffKey implements Comparable<DiffKey>, Serializable {
    private static final long serialVersionUID = 1L;

    private final Object partition;
    /** Null for a table without a sort key. */
    private final Object sort;

    private DiffKey(Object partition, Object sort) {
        this.partition = Objects.requireNonNull(partition, "partition is null");
        this.sort = sort;
    }

    static DiffKey of(KeySchema keys, Map<String, AttributeValue> item) {
        Object partition = part(item.get(keys.partitionKey()), keys.partitionKey());
        Object sort = keys.sortKey() == null ? null : part(item.get(keys.sortKey()), keys.sortKey());
        return new DiffKey(partition, sort);
    }

    private static Object part(AttributeValue value, String name) {
        if (value == null) {
            throw new IllegalStateException("item without its key attribute '" + name + "'");
        }
        switch (value.type()) {
            case S:
                return value.s();
            case N:
                return TypedValues.number(value.n());
            case B:
                return value.b().asByteArray();
            default:
                throw new IllegalStateException("key attribute '" + name + "' of type " + value.type());
        }
    }

    @Override
    public int compareTo(DiffKey other) {
        int byPartition = compare(partition, other.partition);
        if (byPartition != 0 || sort == null || other.sort == null) {
            return byPartition != 0 ? byPartition : Boolean.compare(sort != null, other.sort != null);
        }
        return compare(sort, other.sort);
    }

    private static int compare(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return TypedValues.compareStrings(a, b);
        }
        if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
            return a.compareTo(b);
        }
        if (left instanceof byte[] a && right instanceof byte[] b) {
            return TypedValues.compareBytes(a, b);
        }
        // Both tables have the same key schema, so this is never reached; still a total order.
        return left.getClass().getName().compareTo(right.getClass().getName());
    }

    @Override
    public boolean equals(Object object) {
        if (!(object instanceof DiffKey other)) {
            return false;
        }
        return partEquals(partition, other.partition) && (sort == null ? other.sort == null
                : other.sort != null && partEquals(sort, other.sort));
    }

    private static boolean partEquals(Object left, Object right) {
        if (left instanceof byte[] a && right instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        return left.equals(right);
    }

    @Override
    public int hashCode() {
        return 31 * partHash(partition) + (sort == null ? 0 : partHash(sort));
    }

    private static int partHash(Object part) {
        return part instanceof byte[] bytes ? Arrays.hashCode(bytes) : part.hashCode();
    }

    @Override
    public String toString() {
        return partition + (sort == null ? "" : "/" + sort);
    }
}

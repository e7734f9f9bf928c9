package dev.bulk.engine.diff;

import java.io.Serializable;
import java.util.Objects;

/**
 * One difference found by a diff task, or an item still waiting for its partner.
 *
 * @param kind  {@code -} only in the first table, {@code +} only in the second, {@code *} in both but different,
 *              or {@code ?} for an item whose key was not in the same segment of the other table (not final yet)
 * @param text  the difference's output lines (final records), or null
 * @param left  the first table's item as DynamoDB JSON (an unmatched item of the first table), or null
 * @param right the second table's item as DynamoDB JSON (an unmatched item of the second table), or null
 */
record DiffRecord(DiffKey key, char kind, String text, String left, String right) implements Serializable {
    private static final long serialVersionUID = 1L;
    static final char UNMATCHED = '?';

    DiffRecord {
        Objects.requireNonNull(key, "key is null");
    }

    boolean unmatched() {
        return kind == UNMATCHED;
    }

    /** Two unmatched halves of one key (one from each table) joined; the other side's half wins where this one has none. */
    DiffRecord join(DiffRecord other) {
        return new DiffRecord(key, UNMATCHED, null, left != null ? left : other.left, right != null ? right : other.right);
    }
}

package dev.bulk.dynamo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Chooses how many parallel-scan segments a table is read in, and in what order.
 *
 * <p>Many small segments: DynamoDB spreads them over partitions, and DynamoDB Local's cost per
 * page grows with the segment's size (measured: a 200k-item COUNT runs at 9k items/s with 1
 * segment, 172k with 64). The plan aims at about {@value #TARGET_SEGMENT_BYTES} bytes and at most
 * {@value #TARGET_SEGMENT_ITEMS} items per segment, and at least four segments per task slot so
 * slots stay busy while segments finish unevenly.
 */
public final class SegmentPlanner {
    public static final int MIN_SEGMENTS = 1;
    public static final int MAX_SEGMENTS = 1_000_000;
    static final long TARGET_SEGMENT_BYTES = 512L * 1024;
    static final long TARGET_SEGMENT_ITEMS = 3_000;
    private static final int SEGMENTS_PER_SLOT = 4;

    private SegmentPlanner() {
    }

    /** The planned segment count for a table of this size read with this many task slots. */
    public static int plan(long sizeBytes, long itemCount, int parallelism) {
        long bySize = ceilDiv(Math.max(sizeBytes, 0), TARGET_SEGMENT_BYTES);
        long byItems = ceilDiv(Math.max(itemCount, 0), TARGET_SEGMENT_ITEMS);
        long bySlots = (long) Math.max(parallelism, 1) * SEGMENTS_PER_SLOT;
        long segments = Math.max(Math.max(bySize, byItems), bySlots);
        return (int) Math.min(Math.max(segments, MIN_SEGMENTS), MAX_SEGMENTS);
    }

    /** All segment numbers 0..total-1 in a shuffled order, so consecutive tasks hit different key ranges. */
    public static List<Integer> shuffled(int total, long seed) {
        List<Integer> segments = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            segments.add(i);
        }
        Collections.shuffle(segments, new Random(seed));
        return segments;
    }

    /** A random sample of {@code max(1, floor(total × fraction))} distinct segments, shuffled. */
    public static List<Integer> sample(int total, double fraction, long seed) {
        int wanted = (int) Math.max(1, Math.floor(total * fraction));
        List<Integer> all = shuffled(total, seed);
        return new ArrayList<>(all.subList(0, Math.min(wanted, total)));
    }

    private static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}

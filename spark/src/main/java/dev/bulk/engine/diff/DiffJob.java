package dev.bulk.engine.diff;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import dev.bulk.dynamo.TypedValues;
import dev.bulk.engine.LiveProgress;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares two tables with the same key schema on Spark, without shuffling the tables.
 *
 * <p>Each task scans segment i of both tables (same segment count, each table with its own client
 * settings and read budget), keys the first table's items by their typed key, and streams the
 * second's against them: equal keys are compared in memory (typed equality, {@link TypedValues}).
 * An item whose key is not in the same segment of the other table is not final yet: real DynamoDB
 * puts a key in the same segment of both tables (segments split the partition-key hash space), but
 * nothing here relies on it — those items (the adds and removes, normally few) are joined by key
 * across all segments in a second, small step, so a key present in both tables is always compared.
 * The differences are then sorted by key in DynamoDB order and written as text.
 */
public final class DiffJob {
    private static final int MAX_PARTITIONS = 20_000;
    private static final int SEGMENTS_PER_PARTITION = 8;
    private static final long DIFFERENCES_PER_FILE = 200_000;
    /**
     * At most this many differences (an upper bound: the in-segment changes plus the unmatched items) are
     * sorted on the driver and written as one file: two small Spark jobs instead of a distributed sort's four.
     */
    private static final long SORT_ON_DRIVER = 100_000;
    /** Overrides {@link #SORT_ON_DRIVER} (tests use 0 to take the distributed sort with a small diff). */
    static final String SORT_ON_DRIVER_PROPERTY = "bulk.diff.sortOnDriver";

    /** One table's side of the job, as plain data. */
    public record Side(ClientSettings settings, ScanSpec scan, Budget budget) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param scansPerTask segments a task scans at once (each scans its two tables one after the other)
     */
    public record Spec(Side first, Side second, KeySchema keys, boolean full, String progressKey, int scansPerTask)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What the job found and read.
     *
     * @param preview the first differences in output order (each one or two lines)
     */
    public record Result(long removed, long added, long changed, List<String> preview, double scanSeconds) {
        public long differences() {
            return removed + added + changed;
        }

        /** Lines written: in full format a change takes two (the item before, the item after), as the reference counts them. */
        public long lines(boolean full) {
            return differences() + (full ? changed : 0);
        }
    }

    /** The job's counters; the driver reads them for the progress line and the summary. */
    public static final class Accumulators implements Serializable {
        private static final long serialVersionUID = 1L;
        public final LongAccumulator firstItems;
        public final LongAccumulator secondItems;
        public final LongAccumulator firstUnitsMilli;
        public final LongAccumulator secondUnitsMilli;
        public final LongAccumulator unmatched;

        public Accumulators(SparkSession spark) {
            firstItems = spark.sparkContext().longAccumulator("diff items of --table");
            secondItems = spark.sparkContext().longAccumulator("diff items of --table2");
            firstUnitsMilli = spark.sparkContext().longAccumulator("diff read units of --table (milli)");
            secondUnitsMilli = spark.sparkContext().longAccumulator("diff read units of --table2 (milli)");
            unmatched = spark.sparkContext().longAccumulator("diff items unmatched in their segment");
        }

        public long items() {
            return firstItems.value() + secondItems.value();
        }

        public long unitsMilli() {
            return firstUnitsMilli.value() + secondUnitsMilli.value();
        }
    }

    private DiffJob() {
    }

    /** Runs the diff over the chosen segments and writes every difference as text under {@code uri}. */
    public static Result run(SparkSession spark, Spec spec, List<Integer> segments, Accumulators counters, String uri,
            int previewCount) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slots = spark.sparkContext().defaultParallelism();
        int partitions = Math.max(1, Math.min(segments.size(), Math.min(MAX_PARTITIONS,
                Math.max(slots, segments.size() / SEGMENTS_PER_PARTITION))));
        DiffLines lines = new DiffLines(spec.keys(), spec.full());
        JavaRDD<DiffRecord> scanned = context.parallelize(segments, partitions)
                .mapPartitions(new ScanTask(spec, lines, counters))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long start = System.nanoTime();
            long records = scanned.count();
            double scanSeconds = (System.nanoTime() - start) / 1e9;
            JavaRDD<DiffRecord> differences = counters.unmatched.value() > 0 ? resolve(scanned, lines)
                    : scanned.filter(record -> !record.unmatched());
            if (records <= Long.getLong(SORT_ON_DRIVER_PROPERTY, SORT_ON_DRIVER)) {
                return sortOnDriver(context, differences, uri, previewCount, scanSeconds);
            }
            Map<Character, Long> byKind = differences.map(DiffRecord::kind).countByValue();
            long removed = byKind.getOrDefault('-', 0L);
            long added = byKind.getOrDefault('+', 0L);
            long changed = byKind.getOrDefault('*', 0L);
            long total = removed + added + changed;
            int files = (int) Math.max(1, Math.min(differences.getNumPartitions(),
                    (total + DIFFERENCES_PER_FILE - 1) / DIFFERENCES_PER_FILE));
            JavaPairRDD<DiffKey, String> sorted = differences.mapToPair(record -> new Tuple2<>(record.key(), record.text()))
                    .sortByKey(true, files);
            JavaRDD<String> text = sorted.values();
            List<String> preview = total == 0 ? List.of() : text.take(previewCount);
            text.saveAsTextFile(uri);
            return new Result(removed, added, changed, preview, scanSeconds);
        } finally {
            scanned.unpersist(false);
        }
    }

    /**
     * The final differences: those found within a segment as they are, and the unmatched items joined
     * by key across all segments (a shuffle of the unmatched items only) and then compared.
     */
    static JavaRDD<DiffRecord> resolve(JavaRDD<DiffRecord> scanned, DiffLines lines) {
        JavaRDD<DiffRecord> joined = scanned.filter(DiffRecord::unmatched)
                .mapToPair(record -> new Tuple2<>(record.key(), record))
                .reduceByKey(DiffRecord::join)
                .values()
                .flatMap(new Resolve(lines));
        return scanned.filter(record -> !record.unmatched()).union(joined);
    }

    private static Result sortOnDriver(JavaSparkContext context, JavaRDD<DiffRecord> differences, String uri, int previewCount,
            double scanSeconds) {
        List<DiffRecord> found = new ArrayList<>(differences.collect());
        found.sort((left, right) -> left.key().compareTo(right.key()));
        long removed = found.stream().filter(record -> record.kind() == '-').count();
        long added = found.stream().filter(record -> record.kind() == '+').count();
        List<String> text = found.stream().map(DiffRecord::text).toList();
        context.parallelize(text, 1).saveAsTextFile(uri);
        return new Result(removed, added, found.size() - removed - added,
                new ArrayList<>(text.subList(0, Math.min(previewCount, text.size()))), scanSeconds);
    }

    /** Serializable task body: scans its segments of both tables and compares them. */
    static final class ScanTask implements FlatMapFunction<Iterator<Integer>, DiffRecord> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;
        private final DiffLines lines;
        private final Accumulators counters;

        ScanTask(Spec spec, DiffLines lines, Accumulators counters) {
            this.spec = spec;
            this.lines = lines;
            this.counters = counters;
        }

        /** One segment's outcome. */
        private record SegmentDiff(List<DiffRecord> records, long firstItems, long secondItems, double firstUnits,
                double secondUnits, long unmatched) {
        }

        @Override
        public Iterator<DiffRecord> call(Iterator<Integer> segments) throws Exception {
            SegmentScanner first = new SegmentScanner(DynamoClients.get(spec.first().settings()), spec.first().budget().limiter());
            SegmentScanner second = new SegmentScanner(DynamoClients.get(spec.second().settings()),
                    spec.second().budget().limiter());
            List<Integer> mine = new ArrayList<>();
            segments.forEachRemaining(mine::add);
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(spec.scansPerTask(), mine.size())));
            try {
                List<Future<SegmentDiff>> futures = new ArrayList<>();
                for (int segment : mine) {
                    futures.add(pool.submit(() -> compare(first, second, segment)));
                }
                List<DiffRecord> records = new ArrayList<>();
                long firstItems = 0;
                long secondItems = 0;
                double firstUnits = 0;
                double secondUnits = 0;
                long unmatched = 0;
                for (Future<SegmentDiff> future : futures) {
                    SegmentDiff diff;
                    try {
                        diff = future.get();
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                    records.addAll(diff.records());
                    firstItems += diff.firstItems();
                    secondItems += diff.secondItems();
                    firstUnits += diff.firstUnits();
                    secondUnits += diff.secondUnits();
                    unmatched += diff.unmatched();
                }
                // Accumulators are not thread-safe: add once, from the task's own thread.
                counters.firstItems.add(firstItems);
                counters.secondItems.add(secondItems);
                counters.firstUnitsMilli.add(Math.round(firstUnits * 1000));
                counters.secondUnitsMilli.add(Math.round(secondUnits * 1000));
                counters.unmatched.add(unmatched);
                return records.iterator();
            } finally {
                pool.shutdownNow();
            }
        }

        private SegmentDiff compare(SegmentScanner first, SegmentScanner second, int segment) throws InterruptedException {
            KeySchema keys = spec.keys();
            Map<DiffKey, Map<String, AttributeValue>> waiting = new HashMap<>();
            SegmentScanner.SegmentResult a = first.scan(spec.first().scan(), segment, (count, scanned, items) -> {
                for (Map<String, AttributeValue> item : items) {
                    waiting.put(DiffKey.of(keys, item), item);
                }
                return true;
            });
            LiveProgress.add(spec.progressKey(), a.count(), Math.round(a.consumedUnits() * 1000));
            List<DiffRecord> records = new ArrayList<>();
            long[] unmatched = {0};
            SegmentScanner.SegmentResult b = second.scan(spec.second().scan(), segment, (count, scanned, items) -> {
                for (Map<String, AttributeValue> item : items) {
                    DiffKey key = DiffKey.of(keys, item);
                    Map<String, AttributeValue> left = waiting.remove(key);
                    if (left == null) {
                        records.add(new DiffRecord(key, DiffRecord.UNMATCHED, null, null, json(item)));
                        unmatched[0]++;
                    } else if (!TypedValues.sameItem(left, item)) {
                        records.add(new DiffRecord(key, '*', lines.render('*', left, item), null, null));
                    }
                }
                return true;
            });
            LiveProgress.add(spec.progressKey(), b.count(), Math.round(b.consumedUnits() * 1000));
            for (Map.Entry<DiffKey, Map<String, AttributeValue>> left : waiting.entrySet()) {
                records.add(new DiffRecord(left.getKey(), DiffRecord.UNMATCHED, null, json(left.getValue()), null));
                unmatched[0]++;
            }
            return new SegmentDiff(records, a.count(), b.count(), a.consumedUnits(), b.consumedUnits(), unmatched[0]);
        }
    }

    /** The second step: an unmatched key with both halves is compared; with one half it is a removal or an addition. */
    static final class Resolve implements FlatMapFunction<DiffRecord, DiffRecord> {
        private static final long serialVersionUID = 1L;
        private final DiffLines lines;

        Resolve(DiffLines lines) {
            this.lines = lines;
        }

        @Override
        public Iterator<DiffRecord> call(DiffRecord record) {
            Map<String, AttributeValue> left = record.left() == null ? null : parse(record.left());
            Map<String, AttributeValue> right = record.right() == null ? null : parse(record.right());
            if (left != null && right != null) {
                return TypedValues.sameItem(left, right) ? List.<DiffRecord>of().iterator()
                        : List.of(new DiffRecord(record.key(), '*', lines.render('*', left, right), null, null)).iterator();
            }
            char kind = left != null ? '-' : '+';
            return List.of(new DiffRecord(record.key(), kind, lines.render(kind, left, right), null, null)).iterator();
        }
    }

    private static String json(Map<String, AttributeValue> item) {
        return AttributeValues.toJsonText(DynamoJson.item(item));
    }

    private static Map<String, AttributeValue> parse(String json) {
        return DynamoJson.parseItem(AttributeValues.parseJson(json));
    }
}

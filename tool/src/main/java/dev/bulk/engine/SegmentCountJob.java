package dev.bulk.engine;

import dev.bulk.dynamo.CapacityLimiter;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts segments of a parallel scan on Spark: one task per segment (up to a cap, then several
 * segments per task), each returning its segment's count and consumed units.
 */
public final class SegmentCountJob {
    private static final int MAX_PARTITIONS = 20_000;

    /** The per-segment outcome returned to the driver. */
    public record SegmentCount(int segment, long count, long scanned, double consumedUnits) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    private SegmentCountJob() {
    }

    public static List<SegmentCount> run(SparkSession spark, ClientSettings settings, ScanSpec spec, List<Integer> segments,
            double readRate, LongAccumulator counted, LongAccumulator unitsMilli) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = Math.max(1, Math.min(segments.size(), MAX_PARTITIONS));
        double perJvmRate = readRate / Executors.running(spark);
        CountTask task = new CountTask(settings, spec, perJvmRate, counted, unitsMilli);
        return context.parallelize(segments, partitions).mapPartitions(task).collect();
    }

    /** Serializable task body: settings and spec only; the client and limiter are per-JVM. */
    static final class CountTask implements FlatMapFunction<Iterator<Integer>, SegmentCount> {
        private static final long serialVersionUID = 1L;
        private final ClientSettings settings;
        private final ScanSpec spec;
        private final double rate;
        private final LongAccumulator counted;
        private final LongAccumulator unitsMilli;

        CountTask(ClientSettings settings, ScanSpec spec, double rate, LongAccumulator counted, LongAccumulator unitsMilli) {
            this.settings = settings;
            this.spec = spec;
            this.rate = rate;
            this.counted = counted;
            this.unitsMilli = unitsMilli;
        }

        @Override
        public Iterator<SegmentCount> call(Iterator<Integer> segments) throws Exception {
            CapacityLimiter limiter = CapacityLimiter.shared("read:" + spec.table().apiName() + "@" + settings.describe(), rate);
            SegmentScanner scanner = new SegmentScanner(DynamoClients.get(settings), limiter);
            List<SegmentCount> results = new ArrayList<>();
            while (segments.hasNext()) {
                int segment = segments.next();
                SegmentScanner.SegmentResult result = scanner.scan(spec, segment, (count, scanned, items) -> true);
                counted.add(result.count());
                unitsMilli.add(Math.round(result.consumedUnits() * 1000));
                results.add(new SegmentCount(segment, result.count(), result.scannedCount(), result.consumedUnits()));
            }
            return results.iterator();
        }
    }
}

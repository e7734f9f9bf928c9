package dev.bulk.connector;

import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/** A pushed COUNT(*): Select=COUNT over the task's segments, a few at a time; one row with the task's count. */
final class CountReader implements PartitionReader<InternalRow> {
    private static final int THREADS = 4;

    private final ReadPlan plan;
    private final int[] segments;
    private final SegmentScanner scanner;
    private final ReadMetrics.Accumulators accumulators;
    private boolean done;
    private long count;

    CountReader(ReadPlan plan, int[] segments, SegmentScanner scanner, ReadMetrics.Accumulators accumulators) {
        this.plan = plan;
        this.segments = segments;
        this.scanner = scanner;
        this.accumulators = accumulators;
    }

    @Override
    public boolean next() throws java.io.IOException {
        if (done) {
            return false;
        }
        done = true;
        ScanSpec spec = plan.spec();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS, segments.length)));
        try {
            List<Future<SegmentScanner.SegmentResult>> futures = new ArrayList<>();
            for (int segment : segments) {
                futures.add(pool.submit(() -> {
                    SegmentScanner.SegmentResult result = scanner.scan(spec, segment, (c, s, items) -> true);
                    JobHooks.of(plan.options().progressKey()).onPage(result.count(), Math.round(result.consumedUnits() * 1000));
                    return result;
                }));
            }
            long scanned = 0;
            double units = 0;
            for (Future<SegmentScanner.SegmentResult> future : futures) {
                SegmentScanner.SegmentResult result = future.get();
                count += result.count();
                scanned += result.scannedCount();
                units += result.consumedUnits();
            }
            // Accumulators are not thread-safe: added once, from the task's own thread.
            accumulators.items().add(count);
            accumulators.scanned().add(scanned);
            accumulators.unitsMilli().add(Math.round(units * 1000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("count interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new java.io.IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public InternalRow get() {
        Object[] values = new Object[plan.rowSchema().fields().length];
        java.util.Arrays.fill(values, count);
        return new GenericInternalRow(values);
    }

    @Override
    public void close() {
        // the pool is shut down in next()
    }
}

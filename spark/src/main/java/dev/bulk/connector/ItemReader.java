package dev.bulk.connector;

import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a task's segments a few at a time on background threads, which turn each page into rows
 * and hand it over through a small bounded queue. Stops early once a pushed LIMIT is reached; with
 * a pushed top-n it keeps only the best n rows (a bounded heap, never the whole segment).
 */
final class ItemReader implements PartitionReader<InternalRow> {
    private static final int THREADS = 4;
    private static final int QUEUED_PAGES = 16;
    private static final Object END = new Object();

    private final ReadPlan plan;
    private final ReadMetrics.Accumulators accumulators;
    private final BlockingQueue<Object> pages = new ArrayBlockingQueue<>(QUEUED_PAGES);
    private final ExecutorService pool;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong unitsMilli = new AtomicLong();
    private final AtomicLong misfits = new AtomicLong();
    private volatile boolean stopped;
    private Iterator<InternalRow> current = Collections.emptyIterator();
    private InternalRow row;
    private long emitted;
    private boolean finished;

    ItemReader(ReadPlan plan, int[] segments, SegmentScanner scanner, ReadMetrics.Accumulators accumulators) {
        this.plan = plan;
        this.accumulators = accumulators;
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS, segments.length)), runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-reader");
            thread.setDaemon(true);
            return thread;
        });
        ScanSpec spec = plan.spec();
        AtomicInteger running = new AtomicInteger(segments.length);
        for (int segment : segments) {
            pool.submit(() -> {
                try {
                    SegmentScanner.SegmentResult result = scanner.scan(spec, segment, (count, scannedCount, items) -> {
                        if (!items.isEmpty()) {
                            hand(convert(items));
                        }
                        return !stopped;
                    });
                    scanned.addAndGet(result.scannedCount());
                    unitsMilli.addAndGet(Math.round(result.consumedUnits() * 1000));
                    JobHooks.of(plan.options().progressKey()).onPage(result.scannedCount(),
                            Math.round(result.consumedUnits() * 1000));
                    if (running.decrementAndGet() == 0) {
                        hand(END);
                    }
                } catch (InterruptedException e) {
                    // stopped by close()
                } catch (RuntimeException e) {
                    stopped = true;
                    pages.clear();
                    pages.offer(e);
                }
                return null;
            });
        }
    }

    private List<InternalRow> convert(List<Map<String, AttributeValue>> items) {
        TypeMapping.Misfits pageMisfits = new TypeMapping.Misfits();
        List<InternalRow> rows = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            rows.add(TypeMapping.toRow(item, plan.rowSchema(), pageMisfits));
        }
        misfits.addAndGet(pageMisfits.count());
        return rows;
    }

    private void hand(Object page) {
        try {
            while (!stopped) {
                if (pages.offer(page, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            stopped = true;
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean next() throws IOException {
        if (!plan.topN().isEmpty() && !finished) {
            current = topN();
            finished = true;
        }
        while (true) {
            if (plan.limit() >= 0 && emitted >= plan.limit()) {
                stopped = true;
                return false;
            }
            if (current.hasNext()) {
                row = current.next();
                emitted++;
                return true;
            }
            if (finished) {
                return false;
            }
            List<InternalRow> page = take();
            if (page == null) {
                finished = true;
                return false;
            }
            current = page.iterator();
        }
    }

    /** The next page of rows, or null at the end; a reader thread's failure fails the task. */
    @SuppressWarnings("unchecked")
    private List<InternalRow> take() throws IOException {
        Object next;
        try {
            next = pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("read interrupted");
        }
        if (next == END) {
            return null;
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return (List<InternalRow>) next;
    }

    /** Drains every page into a heap that holds the best n rows, and returns them in order. */
    private Iterator<InternalRow> topN() throws IOException {
        RowOrdering ordering = new RowOrdering(plan.rowSchema(), plan.topN());
        int n = Math.max(0, plan.limit());
        PriorityQueue<InternalRow> best = new PriorityQueue<>(Math.max(1, n), ordering.reversed());
        List<InternalRow> page;
        while ((page = take()) != null) {
            for (InternalRow candidate : page) {
                if (best.size() < n) {
                    best.add(candidate);
                } else if (n > 0 && ordering.compare(candidate, best.peek()) < 0) {
                    best.poll();
                    best.add(candidate);
                }
            }
        }
        List<InternalRow> sorted = new ArrayList<>(best);
        sorted.sort(ordering);
        return sorted.iterator();
    }

    @Override
    public InternalRow get() {
        return row;
    }

    @Override
    public void close() {
        stopped = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        accumulators.items().add(emitted);
        accumulators.scanned().add(scanned.get());
        accumulators.unitsMilli().add(unitsMilli.get());
        accumulators.misfits().add(misfits.get());
    }
}

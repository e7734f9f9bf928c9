package dev.bulk.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The capacity state of one table inside {@link ThrottlingDynamoFake}: token buckets for the table,
 * its partitions and its global secondary indexes, and for an on-demand table the per-second peak
 * that raises its ceiling. A request is admitted on an estimate of its units before it is forwarded
 * and settled with what DynamoDB Local reports it consumed. All methods lock the table, so the
 * decision over several buckets is atomic.
 */
final class TableThrottle {
    /** Why a request was refused: the error code and one ThrottlingReason per exhausted resource. */
    record Throttle(String errorCode, List<Reason> reasons) {
        String message() {
            return "ThrottlingException".equals(errorCode)
                    ? "Throughput exceeds the maximum or account throughput allowed for the table or index"
                    : "The level of configured provisioned throughput for the table was exceeded."
                            + " Consider increasing your provisioning level with the UpdateTable API.";
        }
    }

    record Reason(String reason, String resource) {
    }

    /** What the fake knows about the table from DynamoDB Local: key, ARNs, size. */
    record Shape(String table, String arn, String hashKey, Map<String, String> indexHashKeys,
            Map<String, String> indexArns, long sizeBytes) {
    }

    private static final String PTEE = "ProvisionedThroughputExceededException";
    private static final String THROTTLING = "ThrottlingException";

    private final Shape shape;
    private final LongSupplier nanos;
    private TableCapacity capacity;
    private TokenBucket read;
    private TokenBucket write;
    private TokenBucket[] readPartitions;
    private TokenBucket[] writePartitions;
    private final Map<String, TokenBucket> indexRead = new HashMap<>();
    private final Map<String, TokenBucket> indexWrite = new HashMap<>();
    private long second;
    private double secondRead;
    private double secondWrite;
    private double peakRead;
    private double peakWrite;
    private double consumedRead;
    private double consumedWrite;
    private long throttled;

    TableThrottle(Shape shape, TableCapacity capacity, LongSupplier nanos) {
        this.shape = shape;
        this.nanos = nanos;
        this.second = Math.floorDiv(nanos.getAsLong(), 1_000_000_000L);
        configure(capacity);
    }

    Shape shape() {
        return shape;
    }

    synchronized TableCapacity capacity() {
        return capacity;
    }

    /**
     * Applies new capacity at once, as UpdateTable does: buckets keep their credit up to the new
     * ceiling; a change of mode or of partition count starts those buckets afresh.
     */
    synchronized void configure(TableCapacity next) {
        boolean fresh = capacity == null || capacity.onDemand() != next.onDemand();
        capacity = next;
        double burst = next.onDemand() ? 1 : next.burstSeconds();
        if (fresh) {
            read = new TokenBucket(tableLimit(false), burst, nanos);
            write = new TokenBucket(tableLimit(true), burst, nanos);
        } else {
            read.setRate(tableLimit(false));
            write.setRate(tableLimit(true));
        }
        int count = next.partitionCount(shape.sizeBytes());
        if (next.partitions() == 0 && readPartitions != null) {
            // DynamoDB splits partitions for more capacity but never merges them when it drops.
            count = Math.max(count, readPartitions.length);
        }
        if (readPartitions == null || readPartitions.length != count) {
            readPartitions = new TokenBucket[count];
            writePartitions = new TokenBucket[count];
            for (int i = 0; i < count; i++) {
                readPartitions[i] = new TokenBucket(next.partitionRead(), 1, nanos);
                writePartitions[i] = new TokenBucket(next.partitionWrite(), 1, nanos);
            }
        } else {
            for (int i = 0; i < count; i++) {
                readPartitions[i].setRate(next.partitionRead());
                writePartitions[i].setRate(next.partitionWrite());
            }
        }
        indexRead.keySet().retainAll(next.indexes().keySet());
        indexWrite.keySet().retainAll(next.indexes().keySet());
        if (!next.onDemand()) {
            next.indexes().forEach((index, limits) -> {
                setOrCreate(indexRead, index, limits.read(), burst);
                setOrCreate(indexWrite, index, limits.write(), burst);
            });
        }
    }

    private void setOrCreate(Map<String, TokenBucket> buckets, String index, double rate, double burst) {
        TokenBucket bucket = buckets.get(index);
        if (bucket == null) {
            buckets.put(index, new TokenBucket(rate, burst, nanos));
        } else {
            bucket.setRate(rate);
        }
    }

    /**
     * Admits a write estimated at {@code units} to the partition of {@code partitionKey} (null when
     * unknown) that also writes to {@code indexes}, and charges the estimate; or says why not.
     */
    synchronized Throttle admitWrite(String partitionKey, double units, Set<String> indexes) {
        roll();
        List<Reason> reasons = new ArrayList<>();
        List<TokenBucket> charged = new ArrayList<>();
        for (String index : indexes) {
            TokenBucket bucket = indexWrite.get(index);
            if (bucket != null) {
                check(bucket, units, "IndexWriteProvisionedThroughputExceeded", shape.indexArns().get(index), reasons, charged);
            }
        }
        checkTable(true, units, reasons, charged);
        if (partitionKey != null) {
            check(writePartitions[partitionOf(partitionKey)], units, "TableWriteKeyRangeThroughputExceeded", shape.arn(),
                    reasons, charged);
        }
        return decide(reasons, charged, units, true);
    }

    /**
     * Admits a read estimated at {@code units}; {@code index} is the index a Query or Scan reads, or
     * null. An index with capacity of its own is limited by it; any other read by the table's.
     */
    synchronized Throttle admitRead(String partitionKey, double units, String index) {
        roll();
        List<Reason> reasons = new ArrayList<>();
        List<TokenBucket> charged = new ArrayList<>();
        TokenBucket indexBucket = index == null ? null : indexRead.get(index);
        if (indexBucket != null) {
            check(indexBucket, units, "IndexReadProvisionedThroughputExceeded", shape.indexArns().get(index), reasons, charged);
        } else {
            checkTable(false, units, reasons, charged);
        }
        if (index == null && partitionKey != null) {
            check(readPartitions[partitionOf(partitionKey)], units, "TableReadKeyRangeThroughputExceeded", shape.arn(),
                    reasons, charged);
        }
        return decide(reasons, charged, units, false);
    }

    /**
     * Corrects an admitted request's charge by what DynamoDB Local says it consumed: {@code tableDelta}
     * and per index {@code indexDeltas} are actual minus estimate (negative gives units back).
     */
    synchronized void settle(boolean isWrite, double tableDelta, Map<String, Double> indexDeltas, String readIndex) {
        roll();
        if (isWrite) {
            write.take(tableDelta);
            consumedWrite += tableDelta;
            secondWrite += tableDelta;
            indexDeltas.forEach((index, delta) -> {
                TokenBucket bucket = indexWrite.get(index);
                if (bucket != null) {
                    bucket.take(delta);
                }
            });
        } else {
            TokenBucket bucket = readIndex == null ? read : indexRead.getOrDefault(readIndex, read);
            bucket.take(tableDelta);
            consumedRead += tableDelta;
            secondRead += tableDelta;
        }
    }

    synchronized double consumedRead() {
        return consumedRead;
    }

    synchronized double consumedWrite() {
        return consumedWrite;
    }

    synchronized long throttled() {
        return throttled;
    }

    /** The table's current ceiling in units per second (provisioned capacity, or on-demand's current limit). */
    synchronized double limit(boolean isWrite) {
        roll();
        return tableLimit(isWrite);
    }

    int partitionOf(String partitionKey) {
        return Math.floorMod(partitionKey.hashCode(), readPartitions.length);
    }

    /**
     * Provisioned: the table's token bucket. On-demand: the units served in the current second stay
     * within the current ceiling (a first request of a second always passes, however large).
     */
    private void checkTable(boolean isWrite, double units, List<Reason> reasons, List<TokenBucket> charged) {
        if (!capacity.onDemand()) {
            check(isWrite ? write : read, units, tableReason(isWrite), shape.arn(), reasons, charged);
            return;
        }
        double served = isWrite ? secondWrite : secondRead;
        if (served > 0 && served + units > tableLimit(isWrite) + 1e-9) {
            reasons.add(new Reason(tableReason(isWrite), shape.arn()));
        }
    }

    private static void check(TokenBucket bucket, double units, String reason, String resource, List<Reason> reasons,
            List<TokenBucket> charged) {
        if (bucket.admits(units)) {
            charged.add(bucket);
        } else {
            reasons.add(new Reason(reason, resource));
        }
    }

    private Throttle decide(List<Reason> reasons, List<TokenBucket> charged, double units, boolean isWrite) {
        if (!reasons.isEmpty()) {
            throttled++;
            boolean quota = reasons.stream().anyMatch(r -> r.reason().endsWith("MaxOnDemandThroughputExceeded")
                    || r.reason().endsWith("AccountLimitExceeded"));
            return new Throttle(quota ? THROTTLING : PTEE, List.copyOf(reasons));
        }
        charged.forEach(bucket -> bucket.take(units));
        if (isWrite) {
            consumedWrite += units;
            secondWrite += units;
        } else {
            consumedRead += units;
            secondRead += units;
        }
        return null;
    }

    /**
     * The reason a table-level bucket gives: provisioned capacity; for on-demand, whichever bound its
     * ceiling: the configured maximum, the account's per-table quota, or (a table that has not yet
     * scaled out to a new peak) its partitions.
     */
    private String tableReason(boolean isWrite) {
        String prefix = isWrite ? "TableWrite" : "TableRead";
        if (!capacity.onDemand()) {
            return prefix + "ProvisionedThroughputExceeded";
        }
        double max = isWrite ? capacity.maxWrite() : capacity.maxRead();
        double scaled = scaledOnDemand(isWrite);
        if (max > 0 && max <= scaled && max <= TableCapacity.ACCOUNT_TABLE_LIMIT) {
            return prefix + "MaxOnDemandThroughputExceeded";
        }
        if (TableCapacity.ACCOUNT_TABLE_LIMIT <= scaled) {
            return prefix + "AccountLimitExceeded";
        }
        return prefix + "KeyRangeThroughputExceeded";
    }

    private double tableLimit(boolean isWrite) {
        if (!capacity.onDemand()) {
            return isWrite ? capacity.write() : capacity.read();
        }
        double limit = Math.min(scaledOnDemand(isWrite), TableCapacity.ACCOUNT_TABLE_LIMIT);
        double max = isWrite ? capacity.maxWrite() : capacity.maxRead();
        return max > 0 ? Math.min(limit, max) : limit;
    }

    /** On-demand serves its warm throughput at once and up to double its previous peak second. */
    private double scaledOnDemand(boolean isWrite) {
        return isWrite ? Math.max(capacity.write(), 2 * peakWrite) : Math.max(capacity.read(), 2 * peakRead);
    }

    /** Closes the per-second window of an on-demand table: a new peak raises its ceiling. */
    private void roll() {
        long now = Math.floorDiv(nanos.getAsLong(), 1_000_000_000L);
        if (now == second) {
            return;
        }
        peakRead = Math.max(peakRead, secondRead);
        peakWrite = Math.max(peakWrite, secondWrite);
        secondRead = 0;
        secondWrite = 0;
        second = now;
    }
}

package dev.bulk.testing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link ThrottlingDynamoFake} enforces for one table: provisioned read and write capacity with
 * burst credit, or on-demand with its initial (warm) throughput that doubles on each new peak; per
 * partition limits; provisioned capacity of global secondary indexes. Immutable: {@code with…}
 * returns a copy, and {@link ThrottlingDynamoFake#setCapacity} swaps it in while the fake runs.
 *
 * @param onDemand    on-demand (PAY_PER_REQUEST) instead of provisioned
 * @param read        provisioned RCU, or on-demand warm (initially available) read units per second
 * @param write       provisioned WCU, or on-demand warm write units per second
 * @param maxRead     on-demand maximum read units per second (0 = none)
 * @param maxWrite    on-demand maximum write units per second (0 = none)
 * @param burstSeconds seconds of unused provisioned capacity kept as burst credit (DynamoDB: 300)
 * @param partitions  number of partitions (0 = derived from capacity and table size as DynamoDB does)
 * @param partitionRead  read units per second one partition serves (DynamoDB: 3,000)
 * @param partitionWrite write units per second one partition serves (DynamoDB: 1,000)
 * @param indexes     provisioned capacity per global secondary index (provisioned tables)
 */
public record TableCapacity(boolean onDemand, double read, double write, double maxRead, double maxWrite,
        double burstSeconds, int partitions, double partitionRead, double partitionWrite,
        Map<String, IndexCapacity> indexes) {
    public static final double BURST_SECONDS = 300;
    public static final double PARTITION_READ = 3000;
    public static final double PARTITION_WRITE = 1000;
    public static final double ON_DEMAND_INITIAL_READ = 12_000;
    public static final double ON_DEMAND_INITIAL_WRITE = 4_000;
    /** The default per-table account quota that bounds an on-demand table. */
    public static final double ACCOUNT_TABLE_LIMIT = 40_000;
    private static final double PARTITION_BYTES = 10.0 * 1024 * 1024 * 1024;

    /** Provisioned capacity of one global secondary index. */
    public record IndexCapacity(double read, double write) {
    }

    public TableCapacity {
        indexes = Map.copyOf(indexes);
        if (read < 0 || write < 0 || maxRead < 0 || maxWrite < 0 || burstSeconds < 0 || partitions < 0
                || partitionRead <= 0 || partitionWrite <= 0) {
            throw new IllegalArgumentException("capacities must not be negative: " + this);
        }
    }

    public static TableCapacity provisioned(double read, double write) {
        return new TableCapacity(false, read, write, 0, 0, BURST_SECONDS, 0, PARTITION_READ, PARTITION_WRITE, Map.of());
    }

    /** A new on-demand table: 12,000 read and 4,000 write units at once, then up to double the previous peak. */
    public static TableCapacity payPerRequest() {
        return new TableCapacity(true, ON_DEMAND_INITIAL_READ, ON_DEMAND_INITIAL_WRITE, 0, 0, BURST_SECONDS, 0,
                PARTITION_READ, PARTITION_WRITE, Map.of());
    }

    /** Provisioned read and write capacity (or on-demand warm throughput), keeping everything else. */
    public TableCapacity withCapacity(double newRead, double newWrite) {
        return new TableCapacity(onDemand, newRead, newWrite, maxRead, maxWrite, burstSeconds, partitions,
                partitionRead, partitionWrite, indexes);
    }

    public TableCapacity withMaximum(double newMaxRead, double newMaxWrite) {
        return new TableCapacity(onDemand, read, write, newMaxRead, newMaxWrite, burstSeconds, partitions,
                partitionRead, partitionWrite, indexes);
    }

    /** Burst credit kept, in seconds of capacity: short tests configure it down from DynamoDB's 300. */
    public TableCapacity withBurstSeconds(double seconds) {
        return new TableCapacity(onDemand, read, write, maxRead, maxWrite, seconds, partitions, partitionRead,
                partitionWrite, indexes);
    }

    /** A fixed partition count and per-partition limits (tests scale them down to make a key hot). */
    public TableCapacity withPartitions(int count, double readPerPartition, double writePerPartition) {
        return new TableCapacity(onDemand, read, write, maxRead, maxWrite, burstSeconds, count, readPerPartition,
                writePerPartition, indexes);
    }

    public TableCapacity withIndex(String index, double indexRead, double indexWrite) {
        Map<String, IndexCapacity> more = new LinkedHashMap<>(indexes);
        more.put(index, new IndexCapacity(indexRead, indexWrite));
        return new TableCapacity(onDemand, read, write, maxRead, maxWrite, burstSeconds, partitions, partitionRead,
                partitionWrite, more);
    }

    /**
     * Partitions as DynamoDB sizes them when none are configured: enough for the capacity at the
     * per-partition limits and one per 10 GB of data, at least one.
     */
    int partitionCount(long tableBytes) {
        if (partitions > 0) {
            return partitions;
        }
        double forCapacity = Math.ceil(read / PARTITION_READ + write / PARTITION_WRITE);
        double forSize = Math.ceil(tableBytes / PARTITION_BYTES);
        return (int) Math.max(1, Math.max(forCapacity, forSize));
    }

    /**
     * Parses the command-line form {@code provisioned,read=R,write=W[,burst=S][,partitions=N]
     * [,partitionRead=R][,partitionWrite=W][,index.NAME.read=R][,index.NAME.write=W]} or
     * {@code on-demand[,read=R][,write=W][,maxRead=R][,maxWrite=W][,partitions=…]}.
     */
    public static TableCapacity parse(String spec) {
        String[] parts = spec.split(",");
        String mode = parts[0].trim().toLowerCase(Locale.ROOT);
        TableCapacity capacity = switch (mode) {
            case "provisioned" -> provisioned(0, 0);
            case "on-demand", "ondemand", "pay_per_request" -> payPerRequest();
            default -> throw new IllegalArgumentException("capacity mode must be provisioned or on-demand: " + parts[0]);
        };
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected name=value in capacity spec: " + parts[i]);
            }
            String name = pair[0].trim();
            double value = Double.parseDouble(pair[1].trim());
            capacity = capacity.with(name, value);
        }
        return capacity;
    }

    private TableCapacity with(String name, double value) {
        if (name.startsWith("index.")) {
            int dot = name.lastIndexOf('.');
            String index = name.substring("index.".length(), dot);
            IndexCapacity old = indexes.getOrDefault(index, new IndexCapacity(0, 0));
            return switch (name.substring(dot + 1)) {
                case "read" -> withIndex(index, value, old.write());
                case "write" -> withIndex(index, old.read(), value);
                default -> throw new IllegalArgumentException("unknown index capacity: " + name);
            };
        }
        return switch (name) {
            case "read" -> withCapacity(value, write);
            case "write" -> withCapacity(read, value);
            case "maxRead" -> withMaximum(value, maxWrite);
            case "maxWrite" -> withMaximum(maxRead, value);
            case "burst" -> withBurstSeconds(value);
            case "partitions" -> withPartitions((int) value, partitionRead, partitionWrite);
            case "partitionRead" -> withPartitions(partitions, value, partitionWrite);
            case "partitionWrite" -> withPartitions(partitions, partitionRead, value);
            default -> throw new IllegalArgumentException("unknown capacity setting: " + name);
        };
    }
}

package dev.bulk.connector;

import dev.bulk.dynamo.CapacityLimiter;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.SegmentScanner;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Builds each task's reader from the plan; the client and limiter are this JVM's, never shipped. */
final class DynamoDbReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    /** No --XMaxReadRate for a plain Spark read: a bucket so large it never waits. */
    private static final double UNLIMITED = 1e12;

    private final ReadPlan plan;
    private final ReadMetrics.Accumulators accumulators;

    DynamoDbReaderFactory(ReadPlan plan, ReadMetrics.Accumulators accumulators) {
        this.plan = plan;
        this.accumulators = accumulators;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        int[] segments = ((DynamoDbInputPartition) partition).segments();
        SegmentScanner scanner = new SegmentScanner(DynamoClients.get(plan.options().client()), limiter());
        if (plan.countOnly()) {
            return new CountReader(plan, segments, scanner, accumulators);
        }
        return new ItemReader(plan, segments, scanner, accumulators);
    }

    private CapacityLimiter limiter() {
        double rate = plan.readRatePerJvm() > 0 ? plan.readRatePerJvm() : UNLIMITED;
        return CapacityLimiter.shared("read:" + plan.options().table().apiName() + "@" + plan.options().client().describe(), rate);
    }
}

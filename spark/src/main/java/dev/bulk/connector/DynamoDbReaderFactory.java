package dev.bulk.connector;

import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.SegmentScanner;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Builds each task's reader from the plan; the client and limiter are this JVM's, never shipped. */
final class DynamoDbReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    private final ReadPlan plan;
    private final ReadMetrics.Accumulators accumulators;

    DynamoDbReaderFactory(ReadPlan plan, ReadMetrics.Accumulators accumulators) {
        this.plan = plan;
        this.accumulators = accumulators;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        int[] segments = ((DynamoDbInputPartition) partition).segments();
        SegmentScanner scanner = new SegmentScanner(DynamoClients.get(plan.options().client()), plan.readBudget().limiter());
        if (plan.countOnly()) {
            return new CountReader(plan, segments, scanner, accumulators);
        }
        return new ItemReader(plan, segments, scanner, accumulators);
    }

}

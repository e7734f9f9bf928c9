package dev.bulk.connector;

import java.io.Serializable;
import org.apache.spark.sql.connector.read.InputPartition;

/** The scan segments one Spark task reads (segment 0 alone for a Query). Plain data. */
record DynamoDbInputPartition(int[] segments) implements InputPartition, Serializable {
    private static final long serialVersionUID = 1L;

    DynamoDbInputPartition {
        segments = segments.clone();
    }
}

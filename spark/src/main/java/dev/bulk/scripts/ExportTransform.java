package dev.bulk.scripts;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Changes the records of a DynamoDB export on their way into the table (load-export and
 * revert-export --transform NAME). A single-file Java source at {@code scripts/transform/NAME.java}
 * (or a path) with a public class implementing this interface and a public no-argument
 * constructor; one instance per Spark task, so it need not be thread-safe.
 *
 * <p>Each method returns the records to write instead of the one given: an empty list skips it
 * (counted as excluded), several fan it out. An exception skips that record only: it is listed
 * with its key in the failure file and the run goes on (exit 3). A resumed run calls the transform
 * again for the records of unfinished data files.
 */
public interface ExportTransform {
    /** Called once, before the first record, with the key attribute names of the written table. */
    default void open(List<String> keyAttributes) {
    }

    /** A full export's item; return the items to put. */
    default List<Map<String, AttributeValue>> transformFull(Map<String, AttributeValue> item) {
        return List.of(item);
    }

    /** An incremental export's change; return the changes to apply (a change without new image deletes its keys). */
    default List<ExportChange> transformIncremental(ExportChange change) {
        return List.of(change);
    }
}

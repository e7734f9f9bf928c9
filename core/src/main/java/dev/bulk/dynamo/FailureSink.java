package dev.bulk.dynamo;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Where an item that could not be written goes, with its operation and error: never dropped silently. */
public interface FailureSink {
    /**
     * @param operation "put", "delete", "update", …
     * @param item      the whole item for puts (so it can be re-loaded), the key otherwise
     */
    void record(String operation, Map<String, AttributeValue> item, String error);
}

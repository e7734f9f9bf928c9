package dev.bulk.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.FailureFile;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Input rows a load refused (malformed, no key, a key of the wrong type), one JSON line each:
 * {operation: "load", table, file, row, line (when known), error, text (the raw record, when it
 * could not be read) or item (DynamoDB JSON, when it could)}, in a failure file of the run's
 * failures/ folder (created only when the first row is refused).
 */
public final class RowFailures implements AutoCloseable {
    private final FailureFile file;

    public RowFailures(FailureFile.Location location, String partName) {
        this.file = location.open(partName);
    }

    public void record(String source, long row, long line, String error, String text, Map<String, AttributeValue> item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("operation", "load");
        node.put("table", file.table());
        node.put("file", source);
        node.put("row", row);
        if (line > 0) {
            node.put("line", line);
        }
        node.put("error", error);
        if (item != null) {
            node.set("item", DynamoJson.item(item));
        } else if (text != null) {
            node.put("text", text);
        }
        file.write(node);
    }

    public long count() {
        return file.count();
    }

    @Override
    public void close() {
        file.close();
    }
}

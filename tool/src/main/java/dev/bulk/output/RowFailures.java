package dev.bulk.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Input rows a load refused (malformed, no key, a key of the wrong type), one JSON line each:
 * {operation: "load", table, file, row, line (when known), error, text (the raw record, when it
 * could not be read) or item (DynamoDB JSON, when it could)}, under the run's failures/ folder.
 * Created only when the first row is refused.
 */
public final class RowFailures implements AutoCloseable {
    private final Path file;
    private final String table;
    private BufferedWriter writer;
    private long count;

    public RowFailures(String directory, String table, String partName) {
        this.file = Paths.get(directory).resolve("failures").resolve(partName + ".jsonl");
        this.table = table;
    }

    public void record(String source, long row, long line, String error, String text, Map<String, AttributeValue> item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("operation", "load");
        node.put("table", table);
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
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            }
            writer.write(AttributeValues.toJsonText(node));
            writer.newLine();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write failure file " + file, e);
        }
    }

    public long count() {
        return count;
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close failure file " + file, e);
        }
    }
}

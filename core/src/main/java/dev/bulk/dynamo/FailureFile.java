package dev.bulk.dynamo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.FailureSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One task's failure file: JSON lines of {operation, table, item (DynamoDB JSON, lossless), error}
 * under the run's {@code failures/} folder. Created only when the first failure happens.
 */
public final class FailureFile implements FailureSink, AutoCloseable {
    /** Where a task writes its failures: plain data, shipped to executors. */
    public record Location(String directory, String table) implements Serializable {
        private static final long serialVersionUID = 1L;

        public FailureFile open(String partName) {
            return new FailureFile(Paths.get(directory).resolve("failures").resolve(partName + ".jsonl"), table);
        }
    }

    private final Path file;
    private final String table;
    private BufferedWriter writer;
    private long count;

    FailureFile(Path file, String table) {
        this.file = file;
        this.table = table;
    }

    @Override
    public void record(String operation, Map<String, AttributeValue> item, String error) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("operation", operation);
        line.put("table", table);
        line.set("item", DynamoJson.item(item));
        line.put("error", error);
        write(line);
    }

    /** Appends one JSON line, creating the file (and the failures folder) on the first. */
    public synchronized void write(ObjectNode line) {
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(AttributeValues.toJsonText(line));
            writer.newLine();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write failure file " + file, e);
        }
    }

    public String table() {
        return table;
    }

    public synchronized long count() {
        return count;
    }

    @Override
    public synchronized void close() {
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

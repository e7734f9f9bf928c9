package dev.bulk.scripts;

import dev.bulk.dynamo.AttributeValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Test helpers: script files on disk, Java serialization, and generator output as DynamoDB items. */
final class ScriptFiles {
    private ScriptFiles() {
    }

    static Path write(Path directory, String fileName, String source) {
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve(fileName), source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes and deserializes, as Spark does when it ships a task to an executor. */
    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One item or a list of items, converted the way fill writes them. */
    static List<Map<String, AttributeValue>> items(Object generated) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (generated instanceof Map<?, ?> single) {
            items.add(AttributeValues.itemFromJava(single));
            return items;
        }
        for (Object element : (List<?>) generated) {
            items.add(AttributeValues.itemFromJava((Map<?, ?>) element));
        }
        return items;
    }
}

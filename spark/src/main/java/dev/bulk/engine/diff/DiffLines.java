package dev.bulk.engine.diff;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The text of a difference, as the Bulk Executor prints it: {@code keys} format gives one line with
 * the key in DynamoDB JSON ({@code - {"pk": {"S": "a"},"sk": {"S": "b"}}}, spelled as
 * {@link ReferenceJson} says); {@code full} gives the whole item, and a change two lines (the first
 * table's item after {@code -}, the second's after {@code +}). Items are printed with the partition
 * key, then the sort key, then the other attributes (and nested map entries) by name, so equal
 * items print equally.
 */
final class DiffLines implements Serializable {
    private static final long serialVersionUID = 1L;
    private final KeySchema keys;
    private final boolean full;

    DiffLines(KeySchema keys, boolean full) {
        this.keys = keys;
        this.full = full;
    }

    boolean full() {
        return full;
    }

    /**
     * @param kind  '-', '+' or '*'
     * @param left  the first table's item (null for '+')
     * @param right the second table's item (null for '-')
     */
    String render(char kind, Map<String, AttributeValue> left, Map<String, AttributeValue> right) {
        Map<String, AttributeValue> any = left != null ? left : right;
        if (!full) {
            return kind + " " + text(ordered(keys.keyOf(any)));
        }
        return switch (kind) {
            case '-' -> "- " + text(ordered(left));
            case '+' -> "+ " + text(ordered(right));
            default -> "- " + text(ordered(left)) + "\n+ " + text(ordered(right));
        };
    }

    private ObjectNode ordered(Map<String, AttributeValue> item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (String name : keys.names()) {
            node.set(name, DynamoJson.value(item.get(name)));
        }
        List<String> others = new ArrayList<>(item.keySet());
        others.removeAll(keys.names());
        Collections.sort(others);
        for (String name : others) {
            node.set(name, sortedValue(item.get(name)));
        }
        return node;
    }

    private static ObjectNode sortedValue(AttributeValue value) {
        if (value.type() != AttributeValue.Type.M) {
            return DynamoJson.value(value);
        }
        ObjectNode map = JsonNodeFactory.instance.objectNode();
        List<String> names = new ArrayList<>(value.m().keySet());
        Collections.sort(names);
        for (String name : names) {
            map.set(name, sortedValue(value.m().get(name)));
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("M", map);
        return node;
    }

    private static String text(ObjectNode node) {
        return ReferenceJson.text(node);
    }
}

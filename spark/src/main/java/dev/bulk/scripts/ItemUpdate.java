package dev.bulk.scripts;

import dev.bulk.dynamo.AttributeValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One UpdateItem an updater asks for: the item's key, the update expression, an optional
 * condition, and the {@code #name} and {@code :value} placeholders both use. Values may be plain
 * Java (String, Number, Boolean, byte[], List, Map, Set, null) or {@code AttributeValue}s.
 *
 * <pre>{@code
 * return ItemUpdate.of(key)
 *         .set("SET #s = :s")
 *         .condition("attribute_exists(#s)")
 *         .name("#s", "status")
 *         .value(":s", "active");
 * }</pre>
 */
public final class ItemUpdate {
    private final Map<String, AttributeValue> key;
    private String updateExpression;
    private String conditionExpression;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    private ItemUpdate(Map<String, AttributeValue> key) {
        this.key = Map.copyOf(Objects.requireNonNull(key, "key"));
    }

    /** An update of the item with this key (the key attributes only, as AttributeValues or plain Java). */
    public static ItemUpdate of(Map<String, ?> key) {
        return new ItemUpdate(AttributeValues.itemFromJava(key));
    }

    /** The UpdateExpression, e.g. {@code "SET #a = :a REMOVE #b"}. */
    public ItemUpdate set(String expression) {
        this.updateExpression = expression;
        return this;
    }

    /** An optional ConditionExpression; when it is false the item is counted as "condition failed". */
    public ItemUpdate condition(String expression) {
        this.conditionExpression = expression;
        return this;
    }

    public ItemUpdate name(String placeholder, String attribute) {
        names.put(placeholder, attribute);
        return this;
    }

    public ItemUpdate value(String placeholder, Object value) {
        values.put(placeholder, AttributeValues.fromJava(value));
        return this;
    }

    public Map<String, AttributeValue> key() {
        return key;
    }

    public String updateExpression() {
        return updateExpression;
    }

    public String conditionExpression() {
        return conditionExpression;
    }

    public Map<String, String> names() {
        return Map.copyOf(names);
    }

    public Map<String, AttributeValue> values() {
        return Map.copyOf(values);
    }
}

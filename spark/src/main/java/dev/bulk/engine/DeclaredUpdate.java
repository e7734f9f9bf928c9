package dev.bulk.engine;

import dev.bulk.dynamo.ExactAttributeMap;
import dev.bulk.scripts.ItemUpdate;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one UpdateItem a declarative update ({@code update --set/--remove/--add}) sends for every
 * item, with its condition and placeholders; only the key changes from item to item. Plain data
 * for the tasks (the values travel as exact DynamoDB JSON).
 *
 * @param conditionExpression never null: it holds at least the "item still exists" check
 */
public record DeclaredUpdate(String updateExpression, String conditionExpression, Map<String, String> names,
        Map<String, AttributeValue> values) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DeclaredUpdate {
        names = new LinkedHashMap<>(names);
        values = new ExactAttributeMap(values);
    }

    /**
     * The same update also conditioned on {@code condition} (e.g. a --where as DynamoDB renders
     * it), whose placeholders must not be this update's ({@code #u…}/{@code :u…}).
     */
    public DeclaredUpdate and(String condition, Map<String, String> moreNames, Map<String, AttributeValue> moreValues) {
        if (condition == null) {
            return this;
        }
        Map<String, String> allNames = new LinkedHashMap<>(names);
        Map<String, AttributeValue> allValues = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> name : moreNames.entrySet()) {
            if (allNames.putIfAbsent(name.getKey(), name.getValue()) != null) {
                throw new IllegalArgumentException("placeholder " + name.getKey() + " is used twice");
            }
        }
        for (Map.Entry<String, AttributeValue> value : moreValues.entrySet()) {
            if (allValues.putIfAbsent(value.getKey(), value.getValue()) != null) {
                throw new IllegalArgumentException("placeholder " + value.getKey() + " is used twice");
            }
        }
        return new DeclaredUpdate(updateExpression, "(" + conditionExpression + ") AND (" + condition + ")", allNames, allValues);
    }

    /** This update for the item with this key, as an updater would return it. */
    public ItemUpdate forKey(Map<String, AttributeValue> key) {
        ItemUpdate update = ItemUpdate.of(key).set(updateExpression).condition(conditionExpression);
        names.forEach(update::name);
        values.forEach(update::value);
        return update;
    }
}

package dev.bulk.scripts;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Decides, item by item, what {@code update} changes. One instance is created per Spark task (so
 * it need not be thread-safe) with a public no-argument constructor.
 *
 * <p>{@link #update(Map)} receives each item of the table exactly as DynamoDB returned it and
 * returns null to leave it alone, or an {@link ItemUpdate} the tool sends as one UpdateItem. An
 * interrupted run that is resumed calls the updater again for the items of unfinished segments, so
 * an update should be idempotent (a condition such as {@code attribute_not_exists(x)} makes it so).
 */
public interface ItemUpdater {
    /** Called once, before the first item, with the key attribute names of the table being updated. */
    default void open(List<String> keyAttributes) {
    }

    ItemUpdate update(Map<String, AttributeValue> item);
}

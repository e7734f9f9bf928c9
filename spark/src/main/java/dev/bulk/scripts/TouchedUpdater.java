package dev.bulk.scripts;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The built-in updater {@code touched}: sets {@code touched} to the current time (epoch seconds
 * with a fraction) on every item, unless the item was touched at that time or later. Works on any
 * key schema (the reference's version required attributes named pk and sk).
 */
public final class TouchedUpdater implements ItemUpdater {
    private List<String> keyAttributes;

    @Override
    public void open(List<String> keyAttributes) {
        this.keyAttributes = List.copyOf(keyAttributes);
    }

    @Override
    public ItemUpdate update(Map<String, AttributeValue> item) {
        if (keyAttributes == null) {
            throw new IllegalStateException("touched: open() was not called with the table's key attributes");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keyAttributes) {
            key.put(name, item.get(name));
        }
        BigDecimal now = BigDecimal.valueOf(System.currentTimeMillis()).movePointLeft(3);
        return ItemUpdate.of(key)
                .set("SET #t = :now")
                .condition("attribute_not_exists(#t) OR #t < :now")
                .name("#t", "touched")
                .value(":now", now);
    }
}

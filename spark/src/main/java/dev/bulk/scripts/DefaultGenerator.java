package dev.bulk.scripts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Built-in {@code default}: three items in one item collection (same {@code pk}, random
 * {@code sk}) with different shapes, so a fill exercises collections and schemaless items. The
 * {@code #meta} attribute name needs an expression-name placeholder, which is why it is there.
 */
public class DefaultGenerator implements ItemGenerator {
    private static final int PK_LENGTH = 12;
    private static final int SK_LENGTH = 24;
    private static final int PAYLOAD_LENGTH = 200;
    private static final int META_TAG_LENGTH = 10;

    private final RandomValues random = new RandomValues(new Random());

    @Override
    public Object generate() {
        String pk = random.alphanumeric(PK_LENGTH);

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("tag", random.alphanumeric(META_TAG_LENGTH));
        meta.put("version", 1);
        Map<String, Object> withMeta = keys(pk);
        withMeta.put("#meta", meta);

        Map<String, Object> withPayload = keys(pk);
        withPayload.put("payload", random.alphanumeric(PAYLOAD_LENGTH));

        List<Map<String, Object>> items = new ArrayList<>(3);
        items.add(withMeta);
        items.add(withPayload);
        items.add(keys(pk));
        return items;
    }

    private Map<String, Object> keys(String pk) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", pk);
        item.put("sk", random.alphanumeric(SK_LENGTH));
        return item;
    }
}

package dev.bulk.scripts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Built-in {@code nosk}: one item for a hash-only table whose key is the number {@code pknum}. */
public class NoSortKeyGenerator implements ItemGenerator {
    // Wider than the reference's 1..1e9, where a million-item fill repeats ~500 keys: 1e15 keeps
    // repeats negligible (~0.0005 expected per million) and stays exact in any JSON reader.
    private static final long MAX_PK = 1_000_000_000_000_000L;
    private static final int PAYLOAD_LENGTH = 200;

    private final RandomValues random = new RandomValues(new Random());

    @Override
    public Object generate() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pknum", random.between(1L, MAX_PK));
        item.put("payload", random.alphanumeric(PAYLOAD_LENGTH));
        return item;
    }
}

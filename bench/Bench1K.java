// Capacity benchmark generator: items of about 1,000 bytes (under 1 KB, so one write unit each and
// a known read cost), keys spread at random so no partition is hotter than another.
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

public class Bench1K implements dev.bulk.scripts.ItemGenerator {
    private static final String PAYLOAD = "x".repeat(950);

    @Override
    public Object generate() {
        Map<String, Object> item = new HashMap<>();
        long i = ThreadLocalRandom.current().nextLong(1L << 40);
        item.put("pk", String.format("pk#%013d", i));
        item.put("sk", "sk#01");
        item.put("n", i);
        item.put("payload", PAYLOAD);
        return item;
    }
}

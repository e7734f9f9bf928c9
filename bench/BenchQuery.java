// Benchmark generator for the SQL read path: ~200-byte items over 2,000 partition keys,
// a numeric attribute n (0..999), a string attribute s, and an ISO timestamp ts.
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

public class BenchQuery implements dev.bulk.scripts.ItemGenerator {
    private static final String PAYLOAD = "x".repeat(120);

    @Override
    public Object generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> item = new HashMap<>();
        item.put("pk", String.format("pk#%05d", random.nextInt(2000)));
        item.put("sk", String.format("sk#%013d", random.nextLong(1L << 40)));
        item.put("n", random.nextInt(1000));
        item.put("s", random.nextInt(10) == 0 ? "rare" : "common");
        item.put("ts", String.format("2024-%02d-%02dT%02d:%02d:%02d.%06dZ", 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000)));
        item.put("payload", PAYLOAD);
        return item;
    }
}

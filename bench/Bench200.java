// Benchmark generator: items of about 200 bytes, the same shape RawCeiling writes.
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

public class Bench200 implements dev.bulk.scripts.ItemGenerator {
    private static final String PAYLOAD = "x".repeat(165);

    @Override
    public Object generate() {
        Map<String, Object> item = new HashMap<>();
        long i = ThreadLocalRandom.current().nextLong(1L << 40);
        item.put("pk", String.format("pk#%013d", i));
        item.put("sk", "sk#01");
        item.put("n", i);
        item.put("s", "short");
        item.put("payload", PAYLOAD);
        return item;
    }
}

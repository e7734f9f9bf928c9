// A user generator for `bulk fill`: a single Java file, compiled by bulk at run time.
// Use it with:  ./bulk fill --local --table bulk-quickstart --generator example --numitems 1000
// (bulk looks in scripts/fill/NAME.java; or pass a path: --generator scripts/fill/example.java)
//
// generate() returns one item (a Map) or several (a List of Maps). Values may be String, Number
// (BigDecimal keeps all 38 digits), Boolean, byte[], List, Map, Set<String|Number|byte[]>, null.
// One instance is made per Spark task, so fields need no locking.

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

public class example implements dev.bulk.scripts.ItemGenerator {
    @Override
    public Object generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String order = UUID.randomUUID().toString();
        return List.of(
                Map.of("pk", "ORDER#" + order, "sk", "HEADER",
                        "placed", Instant.now().toString(),
                        "total", new BigDecimal(random.nextInt(1, 100_000)).movePointLeft(2),
                        "tags", Set.of("web", random.nextBoolean() ? "priority" : "standard")),
                Map.of("pk", "ORDER#" + order, "sk", "LINE#1",
                        "sku", "SKU-" + random.nextInt(1000), "quantity", random.nextInt(1, 5)));
    }
}

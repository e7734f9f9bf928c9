package dev.bulk.capacity;

import static dev.bulk.capacity.CapacityRun.DYNAMO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.ThrottlingDynamoFake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * delete, update and copy through tables whose write capacity is a quarter of the job's rate: a
 * refused write is never applied by the fake, so an item updated twice or a copy written twice would
 * show; every item ends up deleted, updated once or copied once, the printed counts are the
 * table's, and the units written stay within what the capacity allows.
 */
class MutationsThroughCapacityTest {
    /**
     * delete and update write item by item, a few dozen a second here: a small table of small
     * capacity is refused as surely as copy's batches are at a larger one.
     */
    private static final int ITEMS = 100;
    private static final double WRITE_CAPACITY = 10;
    private static final String RATE = "40";
    private static final int COPY_ITEMS = 300;
    private static final double COPY_CAPACITY = 50;
    private static final double BURST_SECONDS = 1;
    /** An updater that adds one to "bumps": an item updated twice would hold 2. */
    private static final String BUMP = """
            import dev.bulk.scripts.ItemUpdate;
            import dev.bulk.scripts.ItemUpdater;
            import java.math.BigDecimal;
            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;
            import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

            public class Bump implements ItemUpdater {
                private List<String> keys;

                @Override
                public void open(List<String> keyAttributes) {
                    keys = keyAttributes;
                }

                @Override
                public ItemUpdate update(Map<String, AttributeValue> item) {
                    Map<String, AttributeValue> key = new LinkedHashMap<>();
                    keys.forEach(name -> key.put(name, item.get(name)));
                    return ItemUpdate.of(key).set("ADD #b :one").name("#b", "bumps").value(":one", BigDecimal.ONE);
                }
            }
            """;

    @TempDir
    Path out;

    private static String filled(String prefix, int count) {
        String table = CapacityRun.table(prefix);
        DYNAMO.putAll(table, CapacityRun.items(count));
        return table;
    }

    /** The table's items by "pk/sk", by the test's own scan of DynamoDB Local (not through the fake). */
    private static Map<String, Map<String, AttributeValue>> scan(String table) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                items.put(item.get("pk").s() + "/" + item.get("sk").n(), item);
            }
        }
        return items;
    }

    private static void assertThrottledWithinCapacity(ThrottlingDynamoFake fake, String table, double capacity,
            CapacityRun.Outcome run) {
        assertThat(run.result().exitCode()).as(run.described(fake)).isZero();
        assertThat(fake.throttled(table)).as(run.described(fake)).isPositive();
        CapacityRun.assertWithinCapacity(fake.consumedWriteUnits(table), capacity, BURST_SECONDS, run.seconds());
    }

    @Test
    void deleteThroughThrottlesDeletesEveryMatchAndCountsExactly() {
        String table = filled("cap-del", ITEMS);
        CapacityRun.Outcome delete;
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(1000, WRITE_CAPACITY, BURST_SECONDS));
            delete = CapacityRun.through(fake, "delete", "--table", table, "--where", "pk <> 'p0'", "--XMaxWriteRate", RATE,
                    "--yes", "--output", out.resolve("d").toString());
            assertThrottledWithinCapacity(fake, table, WRITE_CAPACITY, delete);
        }
        Map<String, Map<String, AttributeValue>> left = scan(table);
        assertThat(left.keySet()).hasSize(ITEMS / 10).allMatch(key -> key.startsWith("p0/"));
        assertThat(delete.result().out()).contains(String.format("Deleted %,d items", ITEMS - left.size()));
    }

    @Test
    void updateThroughThrottlesAppliesEveryUpdateExactlyOnce() throws IOException {
        String table = filled("cap-upd", ITEMS);
        Path script = Files.writeString(out.resolve("Bump.java"), BUMP);
        CapacityRun.Outcome update;
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(1000, WRITE_CAPACITY, BURST_SECONDS));
            update = CapacityRun.through(fake, "update", "--table", table, "--generator", script.toString(),
                    "--XMaxWriteRate", RATE, "--yes", "--output", out.resolve("u").toString());
            assertThrottledWithinCapacity(fake, table, WRITE_CAPACITY, update);
        }
        Map<String, Map<String, AttributeValue>> items = scan(table);
        List<String> bumps = new ArrayList<>();
        items.values().forEach(item -> bumps.add(item.containsKey("bumps") ? item.get("bumps").n() : "none"));
        assertThat(bumps).hasSize(ITEMS).containsOnly("1");
        assertThat(update.result().out()).contains(
                String.format("Processed %,d records: (%,d updates, 0 non-updates, 0 conditions failed)", ITEMS, ITEMS));
    }

    @Test
    void copyThroughThrottlesCopiesEveryItemOnce() {
        String source = filled("cap-src", COPY_ITEMS);
        String target = CapacityRun.table("cap-dst");
        CapacityRun.Outcome copy;
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(target, CapacityRun.provisioned(1000, COPY_CAPACITY, BURST_SECONDS));
            copy = CapacityRun.through(fake, "copy", "--source", source, "--target", target, "--XMaxWriteRate", "200",
                    "--yes", "--output", out.resolve("c").toString());
            assertThrottledWithinCapacity(fake, target, COPY_CAPACITY, copy);
            assertThat(fake.consumedWriteUnits(source)).isZero();
            // Each item is under 1 KB: one unit per put served, so a put served twice would show here.
            assertThat(fake.consumedWriteUnits(target)).isEqualTo(COPY_ITEMS);
        }
        Map<String, Map<String, AttributeValue>> copied = scan(target);
        assertThat(copied).isEqualTo(scan(source));
        assertThat(copy.result().out()).contains(String.format("Total records copied: %,d", copied.size()));
    }
}

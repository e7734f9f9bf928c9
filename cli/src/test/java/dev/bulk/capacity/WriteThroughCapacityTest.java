package dev.bulk.capacity;

import static dev.bulk.capacity.CapacityRun.DYNAMO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.ThrottlingDynamoFake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * fill and load through a table whose write capacity is a quarter of the job's rate: refused
 * batches are retried until every item is written once, the printed counts are the table's, and
 * the units written stay within what the capacity allows.
 */
class WriteThroughCapacityTest {
    private static final int ITEMS = 300;
    private static final double WRITE_CAPACITY = 50;
    private static final double BURST_SECONDS = 2;

    @TempDir
    Path out;

    @Test
    void fillThroughThrottlesWritesEveryItemWithinCapacity() {
        String table = CapacityRun.table("cap-fill", "S"); // the default generator's sort keys are strings
        CapacityRun.Outcome fill;
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(1000, WRITE_CAPACITY, BURST_SECONDS));
            fill = CapacityRun.through(fake, "fill", "--table", table, "--generator", "default", "--numitems",
                    Integer.toString(ITEMS), "--XMaxWriteRate", "200", "--yes", "--output", out.resolve("fill").toString());
            assertThat(fill.result().exitCode()).as(fill.described(fake)).isZero();
            assertThat(fake.throttled(table)).as(fill.described(fake)).isPositive();
            CapacityRun.assertWithinCapacity(fake.consumedWriteUnits(table), WRITE_CAPACITY, BURST_SECONDS, fill.seconds());
        }
        long truth = DYNAMO.countByScan(table);
        assertThat(fill.result().out()).contains(String.format("Total records filled: %,d", truth));
        assertThat(truth).isEqualTo(ITEMS);
        // Every item costs at least one unit: what the table holds could not have been written faster.
        CapacityRun.assertWithinCapacity(truth, WRITE_CAPACITY, BURST_SECONDS, fill.seconds());
    }

    @Test
    void loadOfACsvThroughThrottlesWritesEveryRowOnceWithinCapacity() throws IOException {
        String table = CapacityRun.table("cap-load", "S"); // CSV cells are strings
        StringBuilder csv = new StringBuilder("pk,sk,payload\n");
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < ITEMS; i++) {
            String payload = "row" + i + "-" + "y".repeat(800);
            csv.append("p").append(i % 10).append(",s").append(i).append(',').append(payload).append('\n');
            expected.put("p" + i % 10 + "/s" + i, payload);
        }
        Path file = Files.writeString(out.resolve("rows.csv"), csv);
        CapacityRun.Outcome load;
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(1000, WRITE_CAPACITY, BURST_SECONDS));
            load = CapacityRun.through(fake, "load", "--table", table, "--format", "csv", "--s3-path", file.toString(),
                    "--XMaxWriteRate", "200", "--yes", "--output", out.resolve("load").toString());
            assertThat(load.result().exitCode()).as(load.described(fake)).isZero();
            assertThat(fake.throttled(table)).as(load.described(fake)).isPositive();
            CapacityRun.assertWithinCapacity(fake.consumedWriteUnits(table), WRITE_CAPACITY, BURST_SECONDS, load.seconds());
            // Each row is under 1 KB: one unit per put served, so a row written twice would show here.
            assertThat(fake.consumedWriteUnits(table)).isEqualTo(ITEMS);
        }
        Map<String, String> inTable = new HashMap<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                inTable.put(item.get("pk").s() + "/" + item.get("sk").s(), item.get("payload").s());
            }
        }
        assertThat(inTable).isEqualTo(expected);
        assertThat(load.result().out()).contains(String.format("Wrote %,d items to '%s'", inTable.size(), table));
    }
}

package dev.bulk.capacity;

import static dev.bulk.capacity.CapacityRun.DYNAMO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.ThrottlingDynamoFake;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * count and scancount through a table whose read capacity is a quarter of the job's rate: both
 * are refused along the way, count every item exactly once, and the units served stay within what
 * the capacity allows.
 */
class ReadThroughCapacityTest {
    private static final int ITEMS = 300;
    private static final double READ_CAPACITY = 10;
    private static final double BURST_SECONDS = 2;

    @TempDir
    Path out;

    @Test
    void scancountAndCountThroughThrottlesCountEveryItemOnceWithinCapacity() {
        String table = CapacityRun.table("cap-read");
        DYNAMO.putAll(table, CapacityRun.items(ITEMS));
        long truth = DYNAMO.countByScan(table);
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(READ_CAPACITY, 1000, BURST_SECONDS));
            // 30 segments: pages of ~10 items, so the job makes enough requests to be refused some.
            CapacityRun.Outcome scan = CapacityRun.through(fake, "scancount", "--table", table, "--segments", "30",
                    "--XMaxReadRate", "40", "--output", out.resolve("scan").toString());
            assertThat(scan.result().exitCode()).as(scan.described(fake)).isZero();
            assertThat(scan.result().out()).contains(String.format("Total records counted: %,d", truth));
            long scanThrottles = fake.throttled(table);
            double scanUnits = fake.consumedReadUnits(table);
            assertThat(scanThrottles).as(scan.described(fake)).isPositive();
            CapacityRun.assertWithinCapacity(scanUnits, READ_CAPACITY, BURST_SECONDS, scan.seconds());

            CapacityRun.Outcome count = CapacityRun.through(fake, "count", "--table", table, "--segments", "30",
                    "--XMaxReadRate", "40", "--output", out.resolve("count").toString());
            assertThat(count.result().exitCode()).as(count.described(fake)).isZero();
            assertThat(count.result().out()).contains(String.format("Count of matching items: %,d", truth));
            assertThat(fake.throttled(table)).as(count.described(fake)).isGreaterThan(scanThrottles);
            CapacityRun.assertWithinCapacity(fake.consumedReadUnits(table) - scanUnits, READ_CAPACITY, BURST_SECONDS,
                    count.seconds());
            assertThat(fake.failures()).isZero();
        }
        assertThat(truth).isEqualTo(ITEMS);
    }
}

package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputAndCostTest {
    private static TableInfo table(boolean onDemand, Long read, Long write, Long warmRead) {
        return new TableInfo("orders", null, "us-east-1", new KeySchema("pk", "S", null, null), onDemand, read, write,
                1_000, 4_096_000, false, List.of(), warmRead, null);
    }

    @Test
    void theBudgetComesFromTheFlagThenTheTableThenWarmThroughputThenTheAccountThenTheDefault() {
        long[] account = {40_000, 40_000};
        assertThat(Throughput.resolve(Throughput.Mode.READ, Throughput.setBy(250, "--XMaxReadRate"), table(false, 100L, 5L, null), account).rate()).isEqualTo(250);
        Throughput provisioned = Throughput.ceiling(Throughput.Mode.READ, table(false, 100L, 5L, null), account);
        assertThat(provisioned.rate()).isEqualTo(100);
        assertThat(provisioned.describe(Throughput.Mode.READ)).contains("provisioned capacity");
        assertThat(Throughput.ceiling(Throughput.Mode.READ, table(true, 3_000L, null, 12_000L), account).source())
                .contains("on-demand maximum");
        assertThat(Throughput.ceiling(Throughput.Mode.READ, table(true, null, null, 12_000L), account).rate()).isEqualTo(12_000);
        assertThat(Throughput.ceiling(Throughput.Mode.READ, table(true, null, null, null), account).source())
                .contains("DescribeLimits");
        assertThat(Throughput.ceiling(Throughput.Mode.READ, table(true, null, null, null), null).rate())
                .isEqualTo(Throughput.DEFAULT_RATE);
    }

    @Test
    void withoutARateTheJobTakesHalfTheCeilingOrTheShareTheUserSet() {
        long[] account = {40_000, 40_000};
        Throughput half = Throughput.resolve(Throughput.Mode.WRITE, null, table(false, 5L, 500L, null), account);
        assertThat(half.rate()).isEqualTo(250);
        assertThat(half.describe(Throughput.Mode.WRITE))
                .isEqualTo("Max write rate: 250 units/s (50 % of the table's provisioned capacity, 500 units/s: the default share)");
        Throughput quarter = Throughput.resolve(Throughput.Mode.READ, null, 25, "--read-percent", table(false, 100L, 5L, null), account);
        assertThat(quarter.rate()).isEqualTo(25);
        assertThat(quarter.source()).endsWith("set by --read-percent");
        assertThat(Throughput.resolve(Throughput.Mode.READ, null, 12.5, "--read-percent", table(true, null, null, null), null).rate())
                .isEqualTo(5_000);
        // A tiny table still gets a unit per second, never a zero rate that would wait forever.
        assertThat(Throughput.resolve(Throughput.Mode.READ, null, 10, "--read-percent", table(false, 1L, 1L, null), account).rate())
                .isEqualTo(1);
        assertThat(Throughput.resolve(Throughput.Mode.READ, Throughput.setBy(7, "--XMaxReadRate"), 25, "--read-percent",
                table(false, 100L, 5L, null), account).rate()).isEqualTo(7);
    }

    @Test
    void costIsUnitsTimesTheRegionsPriceAndTimeIsUnitsOverRate() {
        TableInfo onDemand = table(true, null, null, null);
        Pricing pricing = Pricing.forRegion("us-east-1", false, null, null);
        CostEstimate estimate = CostEstimate.of(Throughput.Mode.READ, 2_000_000, onDemand, pricing,
                new Throughput(1_000, "test"), "read units");
        assertThat(estimate.dollars()).isEqualTo(2 * 0.125, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(estimate.seconds()).isEqualTo(2_000);
        assertThat(Pricing.forRegion("xx-nowhere-1", false, null, null).fallback()).isTrue();
        assertThat(Pricing.forRegion("eu-west-1", false, 1.0, null).readPerMillion()).isEqualTo(1.0);
        // 4,096,000 bytes = 1,000 blocks of 4 KB: 500 units eventually consistent, 1,000 strongly.
        assertThat(CostEstimate.scanUnits(4_096_000, false)).isEqualTo(500);
        assertThat(CostEstimate.scanUnits(4_096_000, true)).isEqualTo(1_000);
        assertThat(CostEstimate.writeUnits(10, 1500)).isEqualTo(20);
    }
}

package dev.bulk.capacity;

import static dev.bulk.capacity.CapacityRun.DYNAMO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.ThrottlingDynamoFake;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The rate a job takes when the user says nothing (half of what the table reports), the percent form,
 * the warnings said before any work, and the request caps, against a provisioned table whose capacity
 * the capacity-enforcing test double reports in DescribeTable as DynamoDB would.
 */
class RateDefaultsTest {
    @TempDir
    Path out;

    @Test
    void withoutARateAJobTakesHalfTheProvisionedCapacityAndSaysSo() {
        String table = CapacityRun.table("rate-default", "S"); // the default generator's sort keys are strings
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(100, 40, 2));
            Cli.Result scan = CapacityRun.through(fake, "scancount", "--table", table, "--dry-run").result();
            assertThat(scan.exitCode()).as(scan.all()).isZero();
            assertThat(scan.err()).contains(
                    "Max read rate: 50 units/s (50 % of the table's provisioned capacity, 100 units/s: the default share)")
                    .doesNotContain("warning:");

            Cli.Result quarter = CapacityRun.through(fake, "scancount", "--table", table, "--read-percent", "25", "--dry-run")
                    .result();
            assertThat(quarter.err()).as(quarter.all())
                    .contains("Max read rate: 25 units/s (25 % of the table's provisioned capacity, 100 units/s: set by --read-percent)");

            Cli.Result fill = CapacityRun.through(fake, "fill", "--table", table, "--generator", "default", "--numitems", "10",
                    "--dry-run").result();
            assertThat(fill.err()).as(fill.all())
                    .contains("Max write rate: 20 units/s (50 % of the table's provisioned capacity, 40 units/s: the default share)");
        }
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void aRateAboveTheCapacityOrAnEstimateBeyondTheTimeoutIsWarnedBeforeAnyWork() {
        String table = CapacityRun.table("rate-warn", "S");
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(50, 10, 2));
            Cli.Result scan = CapacityRun.through(fake, "scancount", "--table", table, "--XMaxReadRate", "80", "--dry-run")
                    .result();
            assertThat(scan.exitCode()).as(scan.all()).isZero();
            assertThat(scan.err()).contains("warning: the read rate, 80 units/s, is above the table's provisioned read capacity "
                    + "(50 units/s)");

            Cli.Result fill = CapacityRun.through(fake, "fill", "--table", table, "--generator", "default", "--numitems",
                    "100000", "--XMaxWriteRate", "5", "--XTimeout", "1", "--dry-run").result();
            assertThat(fill.exitCode()).as(fill.all()).isZero();
            assertThat(fill.err()).contains("longer than --XTimeout 1 min");
        }
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void autoScalingOfTheCapacityAJobUsesIsWarnedWithWhatItMeans() {
        String table = CapacityRun.table("rate-scaling", "S");
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(100, 40, 2));
            fake.autoScaling().add(table, null, "write", 5, 1000, 70.0);
            Cli.Result fill = CapacityRun.through(fake, "fill", "--table", table, "--generator", "default", "--numitems", "10",
                    "--dry-run").result();
            assertThat(fill.exitCode()).as(fill.all()).isZero();
            assertThat(fill.err()).as(fill.all())
                    .contains("warning: auto scaling manages the table's write capacity (40 units/s now, kept between 5 and "
                            + "1,000, target 70 % use).")
                    .contains("when job and application together pass 70 %, DynamoDB raises the capacity (and the bill) within "
                            + "minutes and lowers it only after the job. The job's rate stays at 20 units/s and does not grow "
                            + "with the capacity (--XMaxWriteRate sets another).");

            // Reads are not scaled on this table: a scan hears nothing about it.
            Cli.Result scan = CapacityRun.through(fake, "scancount", "--table", table, "--dry-run").result();
            assertThat(scan.exitCode()).as(scan.all()).isZero();
            assertThat(scan.err()).as(scan.all()).contains("Max read rate: 50 units/s").doesNotContain("auto scaling");
        }
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void withoutAutoScalingOnTheEndpointNothingIsSaidAboutIt() {
        // DynamoDB Local serves no Application Auto Scaling: on an endpoint of one's own the lookup's refusal is not news.
        String table = LocalDynamo.uniqueTable("rate-noscaling");
        DYNAMO.client().createTable(create -> create.tableName(table)
                .keySchema(key -> key.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(attribute -> attribute.attributeName("pk").attributeType(ScalarAttributeType.S))
                .provisionedThroughput(capacity -> capacity.readCapacityUnits(100L).writeCapacityUnits(40L)));
        Cli.Result fill = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "10", "--dry-run");
        assertThat(fill.exitCode()).as(fill.all()).isZero();
        assertThat(fill.err()).as(fill.all()).contains("Max write rate: 20 units/s (50 % of the table's provisioned capacity")
                .doesNotContain("auto scaling");
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void rateAndCapFlagsOutOfRangeAreRefusedNamingTheFlag() {
        String table = CapacityRun.table("rate-bad");
        // verb, the flag the one-line message must name, the arguments after --table
        String[][] cases = {
            {"scancount", "--read-percent", "--read-percent", "0"},
            {"scancount", "--read-percent", "--read-percent", "101"},
            {"scancount", "--read-percent", "--read-percent", "20", "--XMaxReadRate", "10"},
            {"fill", "--write-percent", "--generator", "default", "--numitems", "5", "--write-percent", "-3"},
            {"scancount", "--max-concurrency", "--max-concurrency", "0"},
            {"scancount", "--max-items-per-second", "--max-items-per-second", "0"},
        };
        for (String[] bad : cases) {
            String[] args = new String[bad.length];
            args[0] = "--table";
            args[1] = table;
            System.arraycopy(bad, 2, args, 2, bad.length - 2);
            Cli.Result result = Cli.local(bad[0], args);
            assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
            assertThat(result.err().lines().filter(line -> line.startsWith("bulk: ")).toList()).as(result.all())
                    .singleElement().asString().contains(bad[1]);
        }
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void capsArePrintedAndHeldAndTheSummaryReportsEachBudget() throws IOException {
        String table = CapacityRun.table("rate-caps", "S");
        Path run = out.resolve("run");
        Cli.Result fill;
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, CapacityRun.provisioned(1000, 400, 2));
            fill = CapacityRun.through(fake, "fill", "--table", table, "--generator", "default", "--numitems", "200",
                    "--max-concurrency", "2", "--max-items-per-second", "150", "--yes", "--output", run.toString()).result();
        }
        assertThat(fill.exitCode()).as(fill.all()).isZero();
        assertThat(fill.err()).contains("Caps: at most 2 requests in flight; at most 150 items/s")
                .containsPattern("Budget write:" + table + "@\\S+: 0 throttles, 0 slowdowns; rate lowest 200, final 200 of 200 units/s");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(200);
        JsonNode budgets = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("budgets");
        assertThat(budgets).hasSize(1);
        assertThat(budgets.get(0).get("name").asText()).startsWith("write:" + table + "@");
        assertThat(budgets.get(0).get("configuredRate").asDouble()).isEqualTo(200);
        assertThat(budgets.get(0).get("throttles").asLong()).isZero();
        assertThat(budgets.get(0).get("consumedUnits").asDouble()).isGreaterThanOrEqualTo(200);
    }
}

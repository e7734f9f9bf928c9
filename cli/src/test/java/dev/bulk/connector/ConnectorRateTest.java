package dev.bulk.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.TableCapacity;
import dev.bulk.testing.ThrottlingDynamoFake;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plain Spark program that sets no read rate gets the CLI's default (half of the table's ceiling),
 * never an unlimited budget; a rate it sets wins. The table's capacity comes from the capacity-enforcing
 * test double's DescribeTable, as DynamoDB reports a provisioned table's.
 */
class ConnectorRateTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        Cli.shareSpark();
        spark = SparkSession.active();
    }

    @Test
    void theReadersDefaultRateIsHalfTheProvisionedCapacityAndAnOptionWins() {
        String table = LocalDynamo.uniqueTable("conn-rate");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        try (ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint())) {
            fake.setCapacity(table, TableCapacity.provisioned(300, 10));
            assertThat(readBudget(table, fake, null)).isEqualTo(150);
            assertThat(readBudget(table, fake, "42")).isEqualTo(42);
        }
    }

    private static double readBudget(String table, ThrottlingDynamoFake fake, String readRate) {
        org.apache.spark.sql.DataFrameReader reader = spark.read().format("dynamodb").option("table", table)
                .option("endpoint", fake.endpoint()).option("staticCredentials", "true");
        if (readRate != null) {
            reader = reader.option("readRate", readRate);
        }
        Dataset<Row> rows = reader.load();
        SparkPlan plan = rows.queryExecution().executedPlan();
        DynamoDbScan scan = (DynamoDbScan) ((BatchScanExec) plan.collectLeaves().head()).scan();
        return scan.plan().readBudget().rate();
    }
}

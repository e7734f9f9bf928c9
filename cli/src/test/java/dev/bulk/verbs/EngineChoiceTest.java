package dev.bulk.verbs;

import static dev.bulk.verbs.StopCountsTest.summaryCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * --engine: the direct engine (a thread pool in this process) and Spark give the same answers,
 * tables and run files for the segment jobs; auto picks direct without --master; what only Spark
 * can run is refused with one line and exit 2, and no table changes. Real DynamoDB Local and
 * local Spark; every table checked with an independent scan.
 */
class EngineChoiceTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final int ITEMS = 1500;
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        table = LocalDynamo.uniqueTable("engines");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + (i % 50)), "sk", AttributeValue.fromN(String.valueOf(i)),
                    "n", AttributeValue.fromN(String.valueOf(i % 7))));
        }
        DYNAMO.putAll(table, items);
    }

    @Test
    void countAndScancountAnswerTheSameOnBothEnginesAndAutoIsDirect() {
        Cli.Result auto = Cli.local("count", "--table", table);
        Cli.Result spark = Cli.local("count", "--table", table, "--engine", "spark");
        assertThat(auto.exitCode()).as(auto.all()).isZero();
        assertThat(spark.exitCode()).as(spark.all()).isZero();
        assertThat(auto.err()).contains("Engine: direct");
        assertThat(spark.err()).contains("Engine: Spark (local, in this process)");
        assertThat(auto.out()).isEqualTo(spark.out()).isEqualTo(String.format("Count of matching items: %,d%n", ITEMS));

        // The per-segment table is the strongest check: every one of 8 segments counted the same way.
        Cli.Result direct = Cli.local("scancount", "--table", table, "--segments", "8", "--per-segment", "--engine", "direct");
        Cli.Result onSpark = Cli.local("scancount", "--table", table, "--segments", "8", "--per-segment", "--engine", "spark");
        assertThat(direct.exitCode()).as(direct.all()).isZero();
        assertThat(direct.out()).isEqualTo(onSpark.out()).startsWith(String.format("Total records counted: %,d", ITEMS));
    }

    @Test
    void fillUpdateCopyDeleteAndTruncateOnTheDirectEngineChangeTablesAsSparkDoes() throws IOException {
        String direct = LocalDynamo.uniqueTable("engine-direct");
        String spark = LocalDynamo.uniqueTable("engine-spark");
        for (String t : List.of(direct, spark)) {
            assertThat(Cli.local("create-table", "--table", t, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        }
        // 6,000 items: two fill units, so the direct engine runs units side by side and checkpoints each.
        Path directFill = dir.resolve("fill-direct");
        Cli.Result filled = Cli.local("fill", "--table", direct, "--generator", "default", "--numitems", "6000", "--yes",
                "--output", directFill.toString());
        Cli.Result filledOnSpark = Cli.local("fill", "--table", spark, "--generator", "default", "--numitems", "6000",
                "--yes", "--engine", "spark");
        assertThat(filled.exitCode()).as(filled.all()).isZero();
        assertThat(filledOnSpark.exitCode()).as(filledOnSpark.all()).isZero();
        assertThat(filled.err()).contains("Engine: direct");
        assertThat(filled.out()).isEqualTo(filledOnSpark.out()).contains("Total records filled: 6,000");
        assertThat(DYNAMO.countByScan(direct)).isEqualTo(6_000);
        assertThat(DYNAMO.countByScan(spark)).isEqualTo(6_000);
        assertThat(summaryCount(directFill, "written")).isEqualTo(6_000);
        try (Stream<Path> checkpoints = Files.list(directFill.resolve("checkpoints"))) {
            assertThat(checkpoints.filter(file -> file.toString().endsWith(".json")).count()).isEqualTo(2);
        }

        Cli.Result updated = Cli.local("update", "--table", direct, "--set", "touched = 1", "--yes");
        assertThat(updated.exitCode()).as(updated.all()).isZero();
        assertThat(MutationsTest.scan(direct, List.of("pk", "sk")).values())
                .hasSize(6_000).allMatch(item -> "1".equals(item.get("touched").n()));

        String copy = LocalDynamo.uniqueTable("engine-copy");
        Cli.Result copied = Cli.local("copy", "--source", direct, "--target", copy, "--create-target", "--yes");
        assertThat(copied.exitCode()).as(copied.all()).isZero();
        assertThat(copied.err()).contains("Engine: direct");
        assertThat(MutationsTest.scan(copy, List.of("pk", "sk"))).isEqualTo(MutationsTest.scan(direct, List.of("pk", "sk")));

        Cli.Result deleted = Cli.local("delete", "--table", direct, "--yes");
        Cli.Result truncated = Cli.local("truncate", "--table", spark, "--yes", "--engine", "spark");
        assertThat(deleted.exitCode()).as(deleted.all()).isZero();
        assertThat(truncated.exitCode()).as(truncated.all()).isZero();
        assertThat(deleted.out()).isEqualTo(truncated.out()).isEqualTo(String.format("Deleted 6,000 items%n"));
        assertThat(DYNAMO.countByScan(direct)).isZero();
        assertThat(DYNAMO.countByScan(spark)).isZero();
    }

    @Test
    void whatOnlySparkCanRunIsRefusedOnTheDirectEngineWithOneLineAndNoChange() {
        Cli.Result where = Cli.local("delete", "--table", table, "--where", "n = 3", "--yes", "--engine", "direct");
        assertThat(where.exitCode()).as(where.all()).isEqualTo(2);
        assertThat(where.err().strip()).isEqualTo("bulk: --engine: 'direct' cannot run this delete: --where is evaluated by "
                + "Spark SQL; leave --engine out or use --engine spark");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(ITEMS);

        Cli.Result count = Cli.local("count", "--table", table, "--where", "n = 3", "--engine", "direct");
        assertThat(count.exitCode()).isEqualTo(2);
        assertThat(count.err()).contains("--engine: 'direct' cannot run this count: --where is evaluated by Spark SQL");

        Cli.Result master = Cli.local("scancount", "--table", table, "--engine", "direct", "--master", "spark://127.0.0.1:1");
        assertThat(master.exitCode()).isEqualTo(2);
        assertThat(master.err()).contains("--engine: 'direct' runs the job in this process and cannot run on --master "
                + "spark://127.0.0.1:1");

        Cli.Result unknown = Cli.local("count", "--table", table, "--engine", "fast");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("bulk: --engine: 'fast' is not an engine (auto, spark or direct)");
    }

    @Test
    void sparkPropertiesMakeAutoRunOnSpark() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--conf", "spark.sql.shuffle.partitions=4");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err()).contains("Engine: Spark (local, in this process)");
        assertThat(result.out()).startsWith(String.format("Total records counted: %,d", ITEMS));
    }

    @Test
    void withAWhereAutoRunsOnSparkAndSaysSo() {
        Cli.Result count = Cli.local("count", "--table", table, "--where", "n = 3");
        assertThat(count.exitCode()).as(count.all()).isZero();
        assertThat(count.err()).contains("Engine: Spark (local, in this process)");
        assertThat(count.out()).contains(String.format("Count of matching items: %,d", (ITEMS + 3) / 7));
    }
}

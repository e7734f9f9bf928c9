package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** scancount against a real DynamoDB Local and local Spark, checked against counts computed here from the inserted data. */
class ScanCountTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String table;
    private static List<Map<String, AttributeValue>> items;

    @BeforeAll
    static void createAndLoad() {
        table = LocalDynamo.uniqueTable("scancount");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N", "--gsi", "byColor:color:S")
                .exitCode()).isZero();
        Random random = new Random(7);
        items = new ArrayList<>();
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 3000; i++) {
            Map<String, AttributeValue> item = new java.util.HashMap<>();
            item.put("pk", AttributeValue.fromS("p" + (i % 300)));
            item.put("sk", AttributeValue.fromN(String.valueOf(i)));
            item.put("touched", AttributeValue.fromN(new BigDecimal("1742359403.0").add(BigDecimal.valueOf(random.nextInt(2000) - 1000)).toPlainString()));
            if (i % 4 != 0) {
                // a quarter of the items are missing from the sparse index
                item.put("color", AttributeValue.fromS(colors[i % 3]));
            }
            items.add(item);
        }
        DYNAMO.putAll(table, items);
    }

    @Test
    void fullScanCountsEveryItem() {
        Cli.Result result = Cli.local("scancount", "--table", table);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Total records counted: 3,000");
    }

    @Test
    void filterExpressionCountEqualsTheCountComputedFromTheData() {
        BigDecimal threshold = new BigDecimal("1742359403.0");
        long expected = items.stream().filter(i -> new BigDecimal(i.get("touched").n()).compareTo(threshold) > 0).count();
        Cli.Result result = Cli.local("scancount", "--table", table, "--filter-expression", "#touched > :touched",
                "--expression-names", "{\"#touched\": \"touched\"}", "--expression-values", "{\":touched\":1742359403.0}");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(String.format("Total records counted: %,d", expected));
    }

    @Test
    void indexCountAndIndexFilterCountEqualTheData() {
        long inIndex = items.stream().filter(i -> i.containsKey("color")).count();
        long red = items.stream().filter(i -> i.containsKey("color") && i.get("color").s().equals("red")).count();
        Cli.Result all = Cli.local("scancount", "--table", table, "--index", "byColor");
        assertThat(all.out()).as(all.err()).contains(String.format("Total records counted: %,d", inIndex));
        Cli.Result filtered = Cli.local("scancount", "--table", table, "--index", "byColor", "--filter-expression", "color = :c",
                "--expression-values", "{\":c\":\"red\"}");
        assertThat(filtered.out()).as(filtered.err()).contains(String.format("Total records counted: %,d", red));
    }

    @Test
    void perSegmentCountsSumToTheTotalInTheReferencesLayout() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--per-segment", "--segments", "12");
        assertThat(result.exitCode()).as(result.err()).isZero();
        // The reference's layout, byte for byte: columns of 8, 12 and 10 characters two spaces apart.
        assertThat(result.out()).startsWith("Total records counted: 3,000\n\n Segment         Count  % of Total\n"
                + " -------         -----  ----------\n");
        Matcher row = Pattern.compile("(?m)^ *(\\d+)  +([\\d,]+)  +(\\d+\\.\\d)%$").matcher(result.out());
        long sum = 0;
        int rows = 0;
        long previous = Long.MAX_VALUE;
        while (row.find()) {
            assertThat(row.group()).hasSize(34);
            long count = Long.parseLong(row.group(2).replace(",", ""));
            assertThat(count).as("largest first").isLessThanOrEqualTo(previous);
            previous = count;
            sum += count;
            rows++;
        }
        assertThat(rows).isEqualTo(12);
        assertThat(sum).isEqualTo(3000);
        assertThat(result.out()).contains("\n -------         -----  ----------\n   Total         3,000\n    Mean         250.0\n\n"
                + "Skew ratio (max/mean): ");
    }

    @Test
    void sampledEstimateIntervalContainsTheTruthOnAUniformTable() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--sample-fraction", "0.5", "--segments", "20",
                "--seed", "42");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Sampling 50% of segments (10 of 20 total)");
        Matcher interval = Pattern.compile("95% CI: ([\\d,]+) – ([\\d,]+)").matcher(result.out());
        assertThat(interval.find()).as(result.out()).isTrue();
        long low = Long.parseLong(interval.group(1).replace(",", ""));
        long high = Long.parseLong(interval.group(2).replace(",", ""));
        assertThat(3000L).isBetween(low, high);
        assertThat(result.out()).containsPattern("\nSampled count:   {6,}[\\d,]{5,} {3}\\(across 10 of 20 segments\\)\n"
                + "Estimated total: {6,}[\\d,]{5,}   ± \\d+\\.\\d%  \\(95% CI: ")
                .contains("Note: the margin is Student's t for 9 degrees of freedom (t = 2.262)");
    }

    @Test
    void countGivesTheExactCount() {
        Cli.Result result = Cli.local("count", "--table", table);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Count of matching items: 3,000");
    }

    @Test
    void summaryJsonRecordsTheRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Cli.Result result = Cli.local("scancount", "--table", table, "--output", dir.toString());
        assertThat(result.exitCode()).isZero();
        String summary = java.nio.file.Files.readString(dir.resolve("summary.json"));
        assertThat(summary).contains("\"verb\":\"scancount\"").contains("\"counted\":3000").contains("\"exitCode\":0")
                .contains("\"readUnits\"");
    }
}

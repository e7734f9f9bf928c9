package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import dev.bulk.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** count, find and sql end to end: the reference's examples, output formats, Query choice, S3 output and bad input. */
class QueryVerbsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final int ITEMS = 150;
    private static String table;
    private static List<Map<String, AttributeValue>> items;

    @TempDir
    static Path folder;

    @BeforeAll
    static void load() {
        table = LocalDynamo.uniqueTable("query");
        Cli.Result created = Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N", "--gsi",
                "byName:name:S");
        assertThat(created.exitCode()).as(created.all()).isZero();
        items = RichItems.items(ITEMS);
        DYNAMO.putAll(table, items);
    }

    private static Cli.Result run(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table, "--output", folder.resolve("run-" + System.nanoTime())
                .toString()));
        all.addAll(List.of(args));
        return Cli.local(verb, all.toArray(new String[0]));
    }

    private static long count(java.util.function.Predicate<Map<String, AttributeValue>> matches) {
        return items.stream().filter(matches).count();
    }

    @Test
    void referenceCountExampleRunsUnchanged() {
        long expected = count(i -> Integer.parseInt(i.get("a").n()) > Integer.parseInt(i.get("b").n())
                && i.get("ts").s().compareTo("2024") < 0 && List.of("x", "y").contains(i.get("val").s()));
        Cli.Result result = run("count", "--where", "a > b and ts < '2024' and val = ('x' or 'y')");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains(String.format("Count of matching items: %,d", expected));
        assertThat(result.err()).contains("IN ('x', 'y')");
    }

    @Test
    void plainCountIsExact() {
        Cli.Result result = run("count");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Count of matching items: " + ITEMS);
    }

    @Test
    void countWithLimitStopsAtTheLimit() {
        Cli.Result result = run("count", "--where", "n > 2", "--limit", "7");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Count of matching items: 7");
    }

    @Test
    void findOrderedByTimestampWithLimitPrintsTheFirstTenInOrderAndWritesAll() throws IOException {
        for (String direction : List.of("asc", "desc")) {
            List<String> args = new ArrayList<>(List.of("--orderby", "timestamp"));
            if (direction.equals("desc")) {
                args.add("desc");
            }
            args.addAll(List.of("--limit", "100"));
            Cli.Result result = run("find", args.toArray(new String[0]));
            assertThat(result.exitCode()).as(result.all()).isZero();
            List<String> expected = items.stream().map(i -> i.get("timestamp").s()).sorted(direction.equals("asc")
                    ? Comparator.naturalOrder() : Comparator.<String>reverseOrder()).limit(100).toList();
            List<String> printed = jsonLines(result.out()).stream().map(node -> node.get("timestamp").asText()).toList();
            assertThat(printed).containsExactlyElementsOf(expected.subList(0, 10));
            assertThat(result.out()).contains("First 10 matching items:", "...and 90 more not printed",
                    "Wrote 100 items in JSON format to ");
            List<String> written = writtenLines(result).stream()
                    .map(line -> AttributeValues.parseJson(line).get("timestamp").asText()).toList();
            assertThat(written).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void ddbJsonOutputReproducesEveryItemExactly() throws IOException {
        Cli.Result result = run("find", "--format", "ddb-json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> lines = writtenLines(result);
        assertThat(lines).hasSize(ITEMS);
        for (String line : lines) {
            Map<String, AttributeValue> written = DynamoJson.parseItem(AttributeValues.parseJson(line).get("Item"));
            Map<String, AttributeValue> stored = DYNAMO.client().getItem(r -> r.tableName(table)
                    .key(Map.of("pk", written.get("pk"), "sk", written.get("sk")))).item();
            assertThat(written).isEqualTo(stored);
        }
    }

    @Test
    void csvAndParquetHoldEveryMatchingRow() throws IOException {
        long expected = count(i -> i.containsKey("n") && Integer.parseInt(i.get("n").n()) >= 5);
        Cli.Result csv = run("find", "--where", "n >= 5", "--format", "csv");
        assertThat(csv.exitCode()).as(csv.all()).isZero();
        assertThat(csv.out()).contains(String.format("Wrote %d items in CSV format", expected));
        Cli.Result parquet = run("find", "--where", "n >= 5", "--format", "parquet");
        assertThat(parquet.exitCode()).as(parquet.all()).isZero();
        assertThat(SparkSession.active().read().parquet(resultFolder(parquet).toString()).count()).isEqualTo(expected);
        assertThat(SparkSession.active().read().option("header", "true").option("multiLine", "true")
                .csv(resultFolder(csv).toString()).count()).isEqualTo(expected);
    }

    @Test
    void pinnedPartitionKeyBecomesAQueryThatReadsOnlyThatKey() throws IOException {
        Cli.Result explain = run("count", "--where", "pk = 'p1' and n > 2", "--explain");
        assertThat(explain.exitCode()).as(explain.all()).isZero();
        assertThat(explain.out()).contains("Query table '" + table + "'", "KeyConditionExpression: #n0 = :v0");
        Cli.Result query = run("count", "--where", "pk = 'p1' and n > 2");
        Cli.Result scan = run("count", "--where", "pk = 'p1' and n > 2", "--no-pushdown", "query");
        long expected = count(i -> i.get("pk").s().equals("p1") && i.containsKey("n") && Integer.parseInt(i.get("n").n()) > 2);
        assertThat(query.out()).contains("Count of matching items: " + expected);
        assertThat(scan.out()).contains("Count of matching items: " + expected);
        double queryUnits = readUnits(query);
        double scanUnits = readUnits(scan);
        assertThat(queryUnits).isPositive().isLessThan(scanUnits / 3);
    }

    @Test
    void indexQueryWithExplain() {
        Cli.Result explain = run("find", "--index", "byName", "--where", "name = 'Alice'", "--explain");
        assertThat(explain.exitCode()).as(explain.all()).isZero();
        assertThat(explain.out()).contains("Query table '" + table + "' index 'byName'");
        Cli.Result found = run("count", "--index", "byName", "--where", "name = 'Alice'");
        assertThat(found.out()).contains("Count of matching items: " + count(i -> i.get("name").s().equals("Alice")));
    }

    @Test
    void sqlAcceptsQueriesByViewNameOrAliasAndRefusesEverythingElse() {
        String alias = table.replace('-', '_');
        Cli.Result grouped = run("sql", "--query", "SELECT name, count(*) AS c FROM `" + table + "` GROUP BY name ORDER BY name");
        assertThat(grouped.exitCode()).as(grouped.all()).isZero();
        assertThat(grouped.out()).contains("2 result rows:", "{\"name\":\"Alice\",\"c\":" + count(i -> i.get("name").s()
                .equals("Alice")) + "}", "Wrote 2 rows in JSON format");
        Cli.Result with = run("sql", "--query", "WITH x AS (SELECT * FROM " + alias + " WHERE s = 'delete me') SELECT count(*) "
                + "AS n FROM x");
        assertThat(with.exitCode()).as(with.all()).isZero();
        assertThat(with.out()).contains("{\"n\":0}");
        for (String statement : List.of("DROP TABLE " + alias, "DELETE FROM " + alias + " WHERE n = 1",
                "INSERT INTO " + alias + " SELECT * FROM " + alias, "CREATE TABLE z (a INT)", "SET spark.sql.x=1")) {
            Cli.Result refused = run("sql", "--query", statement);
            assertThat(refused.exitCode()).as(statement + ": " + refused.all()).isEqualTo(2);
            assertThat(refused.err()).contains("--query");
        }
    }

    @Test
    void badInputIsRefusedWithTheFlagNamed() {
        assertUsage(run("count", "--where", "a >> 'x' ("), "--where: syntax error");
        Cli.Result unknown = run("find", "--where", "nme = 'Alice'");
        assertUsage(unknown, "--where");
        assertThat(unknown.err()).contains("nme", "name");
        assertUsage(run("find", "--orderby", "timestamp", "sideways"), "--orderby direction must be 'asc' or 'desc'");
        assertUsage(run("find", "--orderby", "nosuch"), "--orderby: unknown column 'nosuch'");
        assertUsage(run("find", "--limit", "0"), "--limit: must be a positive integer, got 0");
        assertUsage(run("count", "--limit", "-1"), "--limit");
        assertUsage(run("find", "--format", "xml"), "--format: unknown format 'xml'");
        assertUsage(run("count", "--index", "nosuch"), "--index: index 'nosuch' does not exist");
        assertUsage(run("sql", "--query", "SELEC 1"), "--query");
    }

    @Test
    void unwritableOutputIsRefusedBeforeReading() throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        Cli.Result result = Cli.local("find", "--table", table, "--output", file.resolve("below").toString());
        assertUsage(result, "--output: cannot write to");
    }

    @Test
    void findWritesToAnS3CompatibleStore() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(folder.resolve("s3")))) {
            s3.createBucketUnsigned("results");
            Cli.Result result = Cli.local("find", "--table", table, "--where", "flag = true", "--format", "parquet",
                    "--output", "s3://results/run1", "--s3-endpoint", s3.endpoint());
            assertThat(result.exitCode()).as(result.all()).isZero();
            long expected = count(i -> i.containsKey("flag") && i.get("flag").bool());
            assertThat(result.out()).contains(String.format("Wrote %d items in Parquet format to s3://results/run1/result/",
                    expected));
            try (Stream<Path> files = Files.walk(s3.dataDir().resolve("results"))) {
                assertThat(files.map(Path::toString).filter(name -> name.endsWith(".parquet")).count()).isPositive();
            }
            // The run's summary goes next to the results: on Glue or EMR the local run folder is gone after the run.
            JsonNode summary = AttributeValues.parseJson(Files.readString(s3.dataDir().resolve("results/run1/summary.json")));
            assertThat(summary.path("verb").asText()).isEqualTo("find");
            assertThat(summary.path("status").asText()).isEqualTo("succeeded");
            assertThat(summary.path("counts").toString()).contains(String.valueOf(expected));
            Cli.Result again = Cli.local("find", "--table", table, "--output", "s3://results/run1", "--s3-endpoint",
                    s3.endpoint());
            assertUsage(again, "--output: s3://results/run1/result already exists");
        }
    }

    private static void assertUsage(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err()).contains(message);
    }

    private static List<JsonNode> jsonLines(String out) {
        return out.lines().filter(line -> line.startsWith("{")).map(AttributeValues::parseJson).collect(Collectors.toList());
    }

    private static Path resultFolder(Cli.Result result) {
        Matcher matcher = Pattern.compile("format to (\\S+)/\\s*$", Pattern.MULTILINE).matcher(result.out());
        assertThat(matcher.find()).as(result.out()).isTrue();
        return Path.of(matcher.group(1));
    }

    private static List<String> writtenLines(Cli.Result result) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(resultFolder(result))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static double readUnits(Cli.Result result) throws IOException {
        Matcher matcher = Pattern.compile("Read units consumed: ([\\d,.]+)").matcher(result.err());
        assertThat(matcher.find()).as(result.err()).isTrue();
        return Double.parseDouble(matcher.group(1).replace(",", ""));
    }
}

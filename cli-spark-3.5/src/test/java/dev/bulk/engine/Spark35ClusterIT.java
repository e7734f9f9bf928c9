package dev.bulk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.JarCli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.SparkCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The jar for Spark 3.5 platforms ({@code bulk-spark-3.5.jar}, released as {@code bulk-spark-submit-3.5_2.12}) as such a
 * platform runs it: through a real Spark 3.5 standalone cluster's own spark-submit (its Spark classes first, the jar the
 * application), one verb of each kind, every effect checked by a scan of DynamoDB Local of its own. Then the Spark 4 jar
 * pointed at the same master, which it must refuse before it changes anything.
 *
 * <p>One master and one worker (two cores) for the whole class, and one verb per kind (update, export, load and diff
 * run on Spark 4 in ClusterIT, which also covers what needs two workers, a lost one): every spark-submit starts an
 * application of its own, 20 to 40 s on two cores, and the class is kept near two and a half minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Spark35ClusterIT {
    private static final int ITEMS = 1000;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private static SparkCluster cluster;
    private static Path workDir;
    private static String table;

    @BeforeAll
    static void startClusterAndLoad() throws IOException {
        workDir = Files.createTempDirectory("bulk-cluster35-it");
        cluster = SparkCluster.start(1);
        table = createTable("cluster35");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + (i % 100)), "sk", AttributeValue.fromN(String.valueOf(i)),
                    "n", AttributeValue.fromN(String.valueOf(i % 7))));
        }
        LocalDynamo.get().putAll(table, items);
        assertThat(LocalDynamo.get().countByScan(table)).isEqualTo(ITEMS);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (workDir != null) {
            SparkCluster.deleteTree(workDir);
        }
    }

    @Test
    @Order(1)
    void theSpark4JarRefusesTheSpark35MasterAndChangesNothing() {
        Map<String, Map<String, AttributeValue>> before = scan(table);
        JarCli.Result result = JarCli.startJar(JarCli.jar("bulk.spark4.jar"), workDir, Map.of(), "delete", "--table", table,
                "--where", "sk < 500", "--endpoint", endpoint(), "--master", cluster.masterUrl(), "--conf", uiPort())
                .await(COMMAND_TIMEOUT);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().strip().lines()).as(result.describe()).singleElement().asString()
                .contains("--master " + cluster.masterUrl(), "the cluster runs Spark 3.5.", "spark-submit --master "
                        + cluster.masterUrl(), "bulk-spark-submit-3.5_2.12-" + System.getProperty("bulk.version") + ".jar");
        assertThat(scan(table)).isEqualTo(before);
    }

    @Test
    @Order(2)
    void countAndFindWithWhereReadWhatTheDataHolds() throws IOException {
        // both conditions pushed to DynamoDB, so the count itself is pushed (Select=COUNT in the executors)
        JarCli.Result count = submit("count", "--table", table, "--where", "sk < 500 and pk like 'p1%'", "--conf", uiPort());
        Matcher m = Pattern.compile("Count of matching items: ([\\d,]+)").matcher(count.out());
        assertThat(m.find()).as(count.describe()).isTrue();
        long expected = scan(table).values().stream()
                .filter(item -> Integer.parseInt(item.get("sk").n()) < 500 && item.get("pk").s().startsWith("p1")).count();
        assertThat(expected).isEqualTo(55);
        assertThat(Long.parseLong(m.group(1).replace(",", ""))).isEqualTo(expected);
        // the tool's classes reached the executor in the jar spark-submit shipped, and ran there
        assertThat(cluster.executorLog(0)).containsPattern("Running task \\d+\\.0 in stage ")
                .containsPattern("Adding file:\\S*/bulk-spark-3\\.5\\.jar to class loader");

        Path output = workDir.resolve("find");
        JarCli.Result find = submit("find", "--table", table, "--where", "n = 3 and sk % 10 = 1", "--orderby", "sk desc",
                "--limit", "5", "--output", output.toString());
        assertThat(find.out()).as(find.describe()).contains("Wrote 5 items in JSON format");
        List<Long> sks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(output.resolve("result"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher sk = Pattern.compile("\"sk\"\\s*:\\s*(\\d+)").matcher(line);
                    assertThat(sk.find()).as(line).isTrue();
                    sks.add(Long.parseLong(sk.group(1)));
                }
            }
        }
        List<Long> expectedSks = scan(table).values().stream()
                .filter(item -> item.get("n").n().equals("3") && Long.parseLong(item.get("sk").n()) % 10 == 1)
                .map(item -> Long.parseLong(item.get("sk").n())).sorted(Comparator.reverseOrder()).limit(5).toList();
        assertThat(sks).hasSize(5).isEqualTo(expectedSks);
    }

    @Test
    @Order(3)
    void fillWithAUserGeneratorRunsItInTheExecutor() throws IOException {
        String target = createTable("cluster35-fill");
        Path generator = workDir.resolve("Cluster35Gen.java");
        Files.writeString(generator, """
                import java.util.Map;
                import java.util.UUID;
                public class Cluster35Gen implements dev.bulk.scripts.ItemGenerator {
                    public Object generate() {
                        return Map.of("pk", UUID.randomUUID().toString(), "sk", 1,
                                "jvm", String.valueOf(ProcessHandle.current().pid()));
                    }
                }
                """);
        JarCli.Running running = JarCli.submit(workDir, cluster.sparkHome(), cluster.masterUrl(), "fill", "--table", target,
                "--endpoint", endpoint(), "--generator", generator.toString(), "--numitems", "1500");
        JarCli.Result fill = running.await(COMMAND_TIMEOUT);
        assertThat(fill.exitCode()).as(fill.describe() + cluster.logTails()).isZero();

        Map<String, Map<String, AttributeValue>> filled = scan(target);
        assertThat(filled).hasSize(1500);
        // every item was made in the executor's JVM, none in the driver (the spark-submit process)
        Set<String> jvms = new HashSet<>();
        filled.values().forEach(item -> jvms.add(item.get("jvm").s()));
        assertThat(jvms).isNotEmpty().doesNotContain(String.valueOf(running.handle().pid()));
    }

    @Test
    @Order(4)
    void copyAndDeleteWithWhereHaveExactEffects() {
        String target = createTable("cluster35-copy");
        JarCli.Result copy = submit("copy", "--source", table, "--target", target, "--segments", "8");
        assertThat(copy.out()).as(copy.describe()).contains("Total records copied: 1,000");
        Map<String, Map<String, AttributeValue>> source = scan(table);
        assertThat(scan(target)).isEqualTo(source);

        long matching = source.values().stream().filter(item -> item.get("n").n().equals("0")
                || Long.parseLong(item.get("sk").n()) >= 900).count();
        JarCli.Result delete = submit("delete", "--table", target, "--where", "n = 0 or sk >= 900");
        assertThat(delete.out()).as(delete.describe()).contains(String.format("Deleted %,d items", matching));
        Map<String, Map<String, AttributeValue>> left = scan(target);
        assertThat(left).hasSize((int) (ITEMS - matching)).allSatisfy((key, item) -> {
            assertThat(item.get("n").n()).isNotEqualTo("0");
            assertThat(Long.parseLong(item.get("sk").n())).isLessThan(900);
        });
        // the source is as it was
        assertThat(scan(table)).isEqualTo(source);
    }

    /** {@code spark-submit --master MASTER --class dev.bulk.cli.Main bulk-spark-3.5.jar VERB ARGS --endpoint E}, exit 0. */
    private static JarCli.Result submit(String... verbAndArgs) {
        List<String> args = new ArrayList<>(List.of(verbAndArgs));
        args.addAll(List.of("--endpoint", endpoint()));
        JarCli.Result result = JarCli.submit(workDir, cluster.sparkHome(), cluster.masterUrl(), args.toArray(new String[0]))
                .await(COMMAND_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe() + cluster.logTails()).isZero();
        System.out.println(verbAndArgs[0] + " through the Spark 3.5 cluster's spark-submit: " + result.took().toMillis() + " ms");
        return result;
    }

    /** A pk (S) + sk (N) table in the test's DynamoDB Local. */
    private static String createTable(String prefix) {
        String name = LocalDynamo.uniqueTable(prefix);
        LocalDynamo.get().client().createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        return name;
    }

    /** Every item of a table by "pk/sk", read with the SDK. */
    private static Map<String, Map<String, AttributeValue>> scan(String name) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        LocalDynamo.get().client().scanPaginator(r -> r.tableName(name)).items()
                .forEach(item -> items.put(item.get("pk").s() + "/" + item.get("sk").n(), item));
        return items;
    }

    /** Where the master's web UI is, so that the CLI's check of the master's Spark version asks it (not port 8080). */
    private static String uiPort() {
        return "spark.master.ui.port=" + cluster.masterUiPort();
    }

    private static String endpoint() {
        return LocalDynamo.get().endpoint();
    }
}

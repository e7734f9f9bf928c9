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
 * The built jar, run as a user runs it, against a real Spark standalone cluster (one Master, two Workers, each its
 * own JVM with only Spark's jars: the tool reaches the executors through the jar it ships) and DynamoDB Local on
 * loopback. The last test kills a Worker with its executor in the middle of a job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final int ITEMS = 4000;
    private static final Pattern TOTAL = Pattern.compile("Total records counted: ([\\d,]+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private static SparkCluster cluster;
    private static Path workDir;
    private static String table;

    @BeforeAll
    static void startClusterAndLoad() throws IOException {
        workDir = Files.createTempDirectory("bulk-cluster-it");
        cluster = SparkCluster.start(2);
        table = createTable("cluster");
        LocalDynamo dynamo = LocalDynamo.get();
        // ~1 KB items: a full scan costs a few hundred read units, so --XMaxReadRate can stretch it to seconds
        String padding = "x".repeat(1000);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("p" + (i % 400)));
            item.put("sk", AttributeValue.fromN(String.valueOf(i)));
            item.put("pad", AttributeValue.fromS(padding));
            items.add(item);
        }
        dynamo.putAll(table, items);
        assertThat(dynamo.countByScan(table)).isEqualTo(ITEMS);
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
    void scancountOnTheClusterEqualsLocalSparkAndTheData() {
        JarCli.Result local = JarCli.run(workDir, COMMAND_TIMEOUT, "scancount", "--table", table, "--endpoint", endpoint());
        assertThat(local.exitCode()).as(local.describe()).isZero();
        // with the UI port the master's version is checked (same line: it passes), as in count and under spark-submit
        JarCli.Result onCluster = JarCli.run(workDir, COMMAND_TIMEOUT, "scancount", "--table", table, "--endpoint", endpoint(),
                "--master", cluster.masterUrl(), "--conf", uiPort());
        assertThat(onCluster.exitCode()).as(onCluster.describe() + cluster.logTails()).isZero();

        assertThat(total(local)).as(local.describe()).isEqualTo(ITEMS);
        assertThat(total(onCluster)).as(onCluster.describe()).isEqualTo(total(local));
        System.out.println("scancount in local mode: " + local.took().toMillis() + " ms, on the cluster: "
                + onCluster.took().toMillis() + " ms");
        // The work ran in the cluster's executors, with the tool's classes from the jar the driver shipped. (Not
        // necessarily on both: a short job can be done before the second executor has fetched the 180 MB jar.)
        String executors = cluster.executorLog(0) + cluster.executorLog(1);
        assertThat(executors).containsPattern("Running task \\d+\\.0 in stage ")
                .containsPattern("Adding file:\\S*/bulk\\.jar to class loader");
    }

    @Test
    @Order(2)
    void countAndFindWithWhereOnTheClusterEqualLocalMode() throws IOException {
        String where = "sk < 2500 and pk like 'p1%'";
        String local = count(where, false);
        assertThat(local).isEqualTo(String.format("%,d", expectedCount()));
        assertThat(count(where, true)).isEqualTo(local);

        Set<String> localRows = find("find-local", false);
        Set<String> clusterRows = find("find-cluster", true);
        assertThat(localRows).hasSize(40);
        assertThat(clusterRows).isEqualTo(localRows);
    }

    /** What the data says: pk = p(i % 400), sk = i. */
    private static long expectedCount() {
        long n = 0;
        for (int i = 0; i < 2500; i++) {
            if (("p" + (i % 400)).startsWith("p1")) {
                n++;
            }
        }
        return n;
    }

    private String count(String where, boolean onCluster) {
        List<String> args = new ArrayList<>(List.of("count", "--table", table, "--endpoint", endpoint(), "--where", where));
        if (onCluster) {
            args.addAll(List.of("--master", cluster.masterUrl(), "--conf", uiPort()));
        }
        JarCli.Result result = JarCli.run(workDir, COMMAND_TIMEOUT, args.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.describe() + (onCluster ? cluster.logTails() : "")).isZero();
        Matcher m = Pattern.compile("Count of matching items: ([\\d,]+)").matcher(result.out());
        assertThat(m.find()).as(result.describe()).isTrue();
        return m.group(1);
    }

    /** find's full result (json lines, without the padding) as a set. */
    private Set<String> find(String name, boolean onCluster) throws IOException {
        Path output = workDir.resolve(name);
        List<String> args = new ArrayList<>(List.of("find", "--table", table, "--endpoint", endpoint(), "--where",
                "sk % 97 = 0 and pad like 'x%'", "--orderby", "sk desc", "--limit", "40", "--output", output.toString()));
        if (onCluster) {
            args.addAll(List.of("--master", cluster.masterUrl()));
        }
        JarCli.Result result = JarCli.run(workDir, COMMAND_TIMEOUT, args.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.describe() + (onCluster ? cluster.logTails() : "")).isZero();
        assertThat(result.out()).contains("Wrote 40 items in JSON format");
        Set<String> rows = new HashSet<>();
        try (Stream<Path> files = Files.walk(output.resolve("result"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    rows.add(line.replace("x".repeat(1000), "…"));
                }
            }
        }
        return rows;
    }

    @Test
    @Order(3)
    void fillWithAUserGeneratorCompiledOnTheDriverRunsInTheExecutors() throws IOException {
        String target = createTable("cluster-fill");
        Path generator = workDir.resolve("ClusterGen.java");
        Files.writeString(generator, """
                import java.util.Map;
import java.util.Set;
                import java.util.UUID;
                public class ClusterGen implements dev.bulk.scripts.ItemGenerator {
                    public Object generate() {
                        return Map.of("pk", UUID.randomUUID().toString(), "sk", 1,
                                "jvm", String.valueOf(ProcessHandle.current().pid()));
                    }
                }
                """);
        JarCli.Running running = JarCli.start(workDir, "fill", "--table", target, "--endpoint", endpoint(), "--generator",
                generator.toString(), "--numitems", "3000", "--master", cluster.masterUrl());
        JarCli.Result result = running.await(COMMAND_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe() + cluster.logTails()).isZero();
        assertThat(LocalDynamo.get().countByScan(target)).isEqualTo(3000);
        // Every item was made in an executor JVM, none in the CLI (the driver).
        Set<String> jvms = new HashSet<>();
        LocalDynamo.get().client().scanPaginator(r -> r.tableName(target)).items()
                .forEach(item -> jvms.add(item.get("jvm").s()));
        assertThat(jvms).isNotEmpty().doesNotContain(String.valueOf(running.handle().pid()));
    }

    @Test
    @Order(3)
    void copyUpdateAndDeleteRunOnTheClusterWithExactResults() {
        String target = createTable("cluster-copy");
        JarCli.Result copy = JarCli.run(workDir, COMMAND_TIMEOUT, "copy", "--source", table, "--target", target, "--endpoint",
                endpoint(), "--master", cluster.masterUrl(), "--segments", "16");
        assertThat(copy.exitCode()).as(copy.describe() + cluster.logTails()).isZero();
        assertThat(copy.out()).contains("Total records copied: 4,000");
        Map<String, Map<String, AttributeValue>> source = new HashMap<>();
        LocalDynamo.get().client().scanPaginator(r -> r.tableName(table)).items()
                .forEach(item -> source.put(item.get("pk").s() + "/" + item.get("sk").n(), item));
        Map<String, Map<String, AttributeValue>> copied = new HashMap<>();
        LocalDynamo.get().client().scanPaginator(r -> r.tableName(target)).items()
                .forEach(item -> copied.put(item.get("pk").s() + "/" + item.get("sk").n(), item));
        assertThat(copied).isEqualTo(source);

        JarCli.Result update = JarCli.run(workDir, COMMAND_TIMEOUT, "update", "--table", target, "--generator", "touched",
                "--endpoint", endpoint(), "--master", cluster.masterUrl());
        assertThat(update.exitCode()).as(update.describe() + cluster.logTails()).isZero();
        assertThat(update.out()).contains("Processed 4,000 records: (4,000 updates, 0 non-updates, 0 conditions failed)");

        long below = source.values().stream().filter(item -> Long.parseLong(item.get("sk").n()) < 1000).count();
        JarCli.Result delete = JarCli.run(workDir, COMMAND_TIMEOUT, "delete", "--table", target, "--where", "sk < 1000",
                "--endpoint", endpoint(), "--master", cluster.masterUrl());
        assertThat(delete.exitCode()).as(delete.describe() + cluster.logTails()).isZero();
        assertThat(delete.out()).contains(String.format("Deleted %,d items", below));
        List<Map<String, AttributeValue>> left = new ArrayList<>();
        LocalDynamo.get().client().scanPaginator(r -> r.tableName(target)).items().forEach(left::add);
        assertThat(left).hasSize((int) (ITEMS - below))
                .allMatch(item -> Long.parseLong(item.get("sk").n()) >= 1000 && item.containsKey("touched"));
    }

    @Test
    @Order(3)
    void exportLoadAndDiffRunOnTheClusterAndRoundTripExactly() {
        Path exported = workDir.resolve("cluster-export");
        JarCli.Result export = JarCli.run(workDir, COMMAND_TIMEOUT, "export", "--table", table, "--endpoint", endpoint(),
                "--master", cluster.masterUrl(), "--output", exported.toString());
        assertThat(export.exitCode()).as(export.describe() + cluster.logTails()).isZero();
        assertThat(export.out()).contains("Exported 4,000 items");

        String target = createTable("cluster-load");
        JarCli.Result load = JarCli.run(workDir, COMMAND_TIMEOUT, "load", "--table", target, "--format", "ddb-json",
                "--s3-path", exported.resolve("result").toString(), "--endpoint", endpoint(), "--master", cluster.masterUrl(),
                "--yes", "--output", workDir.resolve("cluster-load-run").toString());
        assertThat(load.exitCode()).as(load.describe() + cluster.logTails()).isZero();
        assertThat(load.out()).contains("Wrote 4000 items");

        JarCli.Result same = JarCli.run(workDir, COMMAND_TIMEOUT, "diff", "--table", table, "--table2", target, "--endpoint",
                endpoint(), "--master", cluster.masterUrl(), "--output", workDir.resolve("cluster-diff-1").toString());
        assertThat(same.exitCode()).as(same.describe() + cluster.logTails()).isZero();
        assertThat(same.out()).contains("No differences found");

        // Three items removed from the copy: exactly three "-" lines, in key order.
        for (int sk : new int[] {7, 1234, 3999}) {
            LocalDynamo.get().client().deleteItem(r -> r.tableName(target).key(Map.of("pk", AttributeValue.fromS("p" + (sk % 400)),
                    "sk", AttributeValue.fromN(String.valueOf(sk)))));
        }
        JarCli.Result three = JarCli.run(workDir, COMMAND_TIMEOUT, "diff", "--table", table, "--table2", target, "--endpoint",
                endpoint(), "--master", cluster.masterUrl(), "--output", workDir.resolve("cluster-diff-2").toString());
        assertThat(three.exitCode()).as(three.describe() + cluster.logTails()).isZero();
        assertThat(three.out()).contains("3 differences:")
                .contains("- {\"pk\": {\"S\": \"p7\"},\"sk\": {\"N\": \"7\"}}")
                .contains("- {\"pk\": {\"S\": \"p34\"},\"sk\": {\"N\": \"1234\"}}")
                .contains("- {\"pk\": {\"S\": \"p399\"},\"sk\": {\"N\": \"3999\"}}");
    }

    @Test
    @Order(4)
    void theSameJarRunsUnderSparkSubmit() {
        JarCli.Result result = JarCli.submit(workDir, cluster.sparkHome(), cluster.masterUrl(), "scancount", "--table", table,
                "--endpoint", endpoint(), "--conf", uiPort()).await(COMMAND_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe() + cluster.logTails()).isZero();
        assertThat(total(result)).isEqualTo(ITEMS);
    }

    @Test
    @Order(5)
    void localWithALoopbackMasterUsesTheSameDynamoDbLocalFromTheExecutors() {
        try {
            assertThat(JarCli.run(workDir, COMMAND_TIMEOUT, "create-table", "--local", "--table", "loopback-t", "--pk", "pk:S",
                    "--sk", "sk:S").exitCode()).isZero();
            JarCli.Result fill = JarCli.run(workDir, COMMAND_TIMEOUT, "fill", "--local", "--table", "loopback-t", "--generator",
                    "default", "--numitems", "500", "--master", cluster.masterUrl());
            assertThat(fill.exitCode()).as(fill.describe() + cluster.logTails()).isZero();
            JarCli.Result count = JarCli.run(workDir, COMMAND_TIMEOUT, "scancount", "--local", "--table", "loopback-t",
                    "--master", cluster.masterUrl());
            assertThat(count.exitCode()).as(count.describe()).isZero();
            assertThat(total(count)).isEqualTo(500);
        } finally {
            JarCli.run(workDir, COMMAND_TIMEOUT, "local", "stop");
        }
    }

    @Test
    @Order(10)
    void aLostWorkerCostsTimeNotItems() throws InterruptedException {
        // 64 segments in 8 tasks (4 slots), at a read budget that stretches the ~500-unit scan to ~8 s
        JarCli.Running running = JarCli.start(workDir, "scancount", "--table", table, "--endpoint", endpoint(),
                "--master", cluster.masterUrl(), "--segments", "64", "--XMaxReadRate", "60");
        String before = cluster.executorLog(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!newTaskStarted(before, cluster.executorLog(0)) && running.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(running.isAlive()).as("the job ended before worker 0 ran a task: " + running.errSoFar()).isTrue();
        assertThat(newTaskStarted(before, cluster.executorLog(0))).as("worker 0 ran no task within 60 s" + cluster.logTails())
                .isTrue();
        // a task takes seconds at this rate: one second in, worker 0 is in the middle of its first tasks
        Thread.sleep(1000);
        assertThat(running.isAlive()).as("the job ended before the worker was killed: " + running.errSoFar()).isTrue();
        List<ProcessHandle> executors = cluster.executorsOf(0);
        assertThat(executors).as("worker 0's executor process").isNotEmpty();

        cluster.killWorker(0);
        assertThat(executors).noneMatch(ProcessHandle::isAlive);

        JarCli.Result result = running.await(COMMAND_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe() + cluster.logTails()).isZero();
        assertThat(total(result)).as(result.describe()).isEqualTo(ITEMS);
        // the tasks lost with worker 0 ran again (attempt 1) on worker 1
        assertThat(cluster.executorLog(1)).containsPattern("Running task \\d+\\.1 in stage ");
        assertThat(cluster.aliveWorkers()).as("workers the master counts as alive").isEqualTo(1);
        System.out.println("scancount with worker 0 killed mid-job: " + result.describe());
    }

    @Test
    @Order(11)
    void aClusterWithoutFreeWorkersFailsClearlyInsteadOfWaitingForever() throws InterruptedException {
        cluster.killWorker(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (cluster.aliveWorkers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(cluster.aliveWorkers()).as("workers the master counts as alive").isZero();
        JarCli.Result result = JarCli.start(workDir, Map.of("BULK_EXECUTOR_WAIT_SECONDS", "5"), "scancount", "--table", table,
                "--endpoint", endpoint(), "--master", cluster.masterUrl()).await(COMMAND_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.err()).contains("no executor registered within 5 s").doesNotContain("\tat ");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(40));
    }

    private static boolean newTaskStarted(String before, String now) {
        return count(now, "Running task") > count(before, "Running task");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Where the master's web UI is, so that the CLI's check of the master's Spark version asks it (not port 8080). */
    private static String uiPort() {
        return "spark.master.ui.port=" + cluster.masterUiPort();
    }

    private static String endpoint() {
        return LocalDynamo.get().endpoint();
    }

    private static long total(JarCli.Result result) {
        Matcher m = TOTAL.matcher(result.out());
        assertThat(m.find()).as("no total in: " + result.describe()).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}

package dev.bulk.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The runtime jar used as a Spark user uses it: {@link SparkUserApp} runs in a JVM of its own whose classpath is a Spark
 * distribution's jars ({@code sparkdist/target/spark-LINE-classpath.txt}, system property {@code bulk.spark.classpath}), the
 * runtime jar (system property {@code bulk.runtime.jar}) and a folder holding only the app's own classes — none of
 * this test JVM's classpath (bulk's modules, the unshaded SDK) and no CLASSPATH variable. It reads a DynamoDB Local
 * table holding all ten types with {@code format("dynamodb")} and copies it to a second
 * table; this test checks both against its own SDK scans.
 */
class RuntimeJarIT {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final int ITEMS = 120;
    /** Generous: a cold Spark start and two small jobs take well under a minute. */
    private static final long APP_DEADLINE_MINUTES = 5;
    private static final int LOG_TAIL_LINES = 60;

    @TempDir
    static Path folder;

    private static Path runtimeJar;
    private static List<String> childClasspath;
    private static String source;
    private static String target;
    private static Properties facts;
    private static List<String> items;

    @BeforeAll
    static void runTheApp() throws IOException, InterruptedException, URISyntaxException {
        runtimeJar = Paths.get(required("bulk.runtime.jar")).toAbsolutePath();
        assertThat(runtimeJar).as("the runtime jar (built by `package`)").isRegularFile();
        source = LocalDynamo.uniqueTable("runtime-src");
        target = LocalDynamo.uniqueTable("runtime-dst");
        createTable(source);
        createTable(target);
        DYNAMO.putAll(source, RichItems.items(ITEMS));

        childClasspath = new ArrayList<>(sparkJars());
        childClasspath.add(runtimeJar.toString());
        childClasspath.add(appClassesOnly().toString());
        Path out = Files.createDirectories(folder.resolve("out"));
        Path log = folder.resolve("app.log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(folder.resolve("tmp")));
        String opens = System.getProperty("bulk.test.jvmOpens", "").trim();
        if (!opens.isEmpty()) {
            command.addAll(Arrays.asList(opens.split("\\s+")));
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, childClasspath));
        command.add(SparkUserApp.class.getName());
        command.addAll(List.of(DYNAMO.endpoint(), source, target, out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CLASSPATH");
        Process app = builder.start();
        if (!app.waitFor(APP_DEADLINE_MINUTES, TimeUnit.MINUTES)) {
            app.destroyForcibly().waitFor();
            throw new AssertionError("the Spark app did not finish in " + APP_DEADLINE_MINUTES + " minutes" + tail(log));
        }
        assertThat(app.exitValue()).as("the Spark app's exit code%s", tail(log)).isZero();
        facts = new Properties();
        try (InputStream stream = Files.newInputStream(out.resolve("facts.properties"))) {
            facts.load(stream);
        }
        items = Files.readAllLines(out.resolve("items.jsonl"), StandardCharsets.UTF_8);
    }

    @Test
    void theAppSeesOnlySparkAndTheRuntimeJar() {
        assertThat(facts.getProperty("classpath")).isEqualTo(String.join(File.pathSeparator, childClasspath));
        assertThat(facts.getProperty("provider")).isEqualTo("dev.bulk.connector.DynamoDbSource");
        assertThat(facts.getProperty("provider.jar")).isEqualTo(runtimeJar.toString());
        for (String name : SparkUserApp.UNRELOCATED) {
            assertThat(facts.getProperty("from." + name)).as(name).isEqualTo(SparkUserApp.ABSENT);
        }
        for (String name : SparkUserApp.RELOCATED) {
            assertThat(facts.getProperty("from." + name)).as(name).isEqualTo(runtimeJar.toString());
        }
    }

    @Test
    void readsEveryItemExactly() {
        List<String> expected = new ArrayList<>();
        for (Map<String, AttributeValue> item : scan(source).values()) {
            expected.add(AttributeValues.toJsonText(DynamoJson.item(item)));
        }
        assertThat(expected).hasSize(ITEMS);
        assertThat(facts.getProperty("count")).isEqualTo(Integer.toString(ITEMS));
        assertThat(items).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void writesACopyItemForItem() {
        assertThat(facts.getProperty("writes")).as("the table the dynamodb source resolves reports BATCH_WRITE").isEqualTo("true");
        assertThat(facts.getProperty("written")).isEqualTo("true");
        Map<String, Map<String, AttributeValue>> copied = scan(target);
        Map<String, Map<String, AttributeValue>> original = scan(source);
        assertThat(copied.keySet()).containsExactlyElementsOf(original.keySet());
        for (Map.Entry<String, Map<String, AttributeValue>> entry : original.entrySet()) {
            assertThat(sortedSets(copied.get(entry.getKey()))).as(entry.getKey()).isEqualTo(sortedSets(entry.getValue()));
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by the spark-runtime pom's failsafe)").isNotBlank();
        return value;
    }

    private static List<String> sparkJars() throws IOException {
        String text = Files.readString(Paths.get(required("bulk.spark.classpath")), StandardCharsets.UTF_8).trim();
        List<String> jars = Arrays.asList(text.split(File.pathSeparator));
        // the Spark line this jar was built for (its Scala version), not the other line's distribution
        String sparkSql = "spark-sql_" + required("bulk.spark.scala") + "-" + required("bulk.spark.version") + ".jar";
        assertThat(jars).as("a Spark distribution's jars").anyMatch(jar -> jar.endsWith(sparkSql));
        assertThat(jars).as("nothing of bulk's among them").noneMatch(jar -> jar.contains("bulk"));
        return jars;
    }

    /** A folder with only SparkUserApp's class files: the test classes around it stay out of the app's JVM. */
    private static Path appClassesOnly() throws IOException, URISyntaxException {
        Path compiled = Paths.get(SparkUserApp.class.getResource("SparkUserApp.class").toURI()).getParent();
        Path root = folder.resolve("app-classes");
        Path dir = Files.createDirectories(root.resolve(SparkUserApp.class.getPackageName().replace('.', '/')));
        try (Stream<Path> files = Files.list(compiled)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("SparkUserApp")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return root;
    }

    private static void createTable(String table) {
        DYNAMO.client().createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
    }

    /** Every item of a table by a plain SDK scan (the test's own truth), keyed "pk/sk". */
    private static Map<String, Map<String, AttributeValue>> scan(String table) {
        Map<String, Map<String, AttributeValue>> byKey = new TreeMap<>();
        DYNAMO.client().scanPaginator(r -> r.tableName(table)).items()
                .forEach(item -> byKey.put(item.get("pk").s() + "/" + item.get("sk").n(), item));
        return byKey;
    }

    /** An item with the members of every set sorted: DynamoDB keeps no order in a set, so a copy may return another. */
    private static Map<String, AttributeValue> sortedSets(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> sorted = new TreeMap<>();
        item.forEach((name, value) -> sorted.put(name, sortedSets(value)));
        return sorted;
    }

    private static AttributeValue sortedSets(AttributeValue value) {
        if (value.hasSs()) {
            return AttributeValue.fromSs(value.ss().stream().sorted().toList());
        }
        if (value.hasNs()) {
            return AttributeValue.fromNs(value.ns().stream().sorted().toList());
        }
        if (value.hasBs()) {
            return AttributeValue.fromBs(value.bs().stream()
                    .sorted((a, b) -> Arrays.compare(a.asByteArray(), b.asByteArray())).toList());
        }
        if (value.hasM()) {
            return AttributeValue.fromM(sortedSets(value.m()));
        }
        if (value.hasL()) {
            return AttributeValue.fromL(value.l().stream().map(RuntimeJarIT::sortedSets).toList());
        }
        return value;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of the app's output ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

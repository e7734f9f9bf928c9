package dev.bulk.verbs;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * sql and --where see the table and nothing else: no writes, no files, no Java calls; and a
 * comparison or --schema that can only match nothing is refused instead of answering 0.
 */
class QuerySafetyTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final String MARKER = "marker-not-for-output-4711";
    private static String table;
    private static Path secret;

    @TempDir
    static Path folder;

    @BeforeAll
    static void load() throws IOException {
        table = LocalDynamo.uniqueTable("safety");
        Cli.Result created = Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N");
        assertThat(created.exitCode()).as(created.all()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + i), "sk", AttributeValue.fromN(String.valueOf(i)),
                    "n", AttributeValue.fromN(String.valueOf(i * 3))));
        }
        DYNAMO.putAll(table, items);
        secret = folder.resolve("secret.txt");
        Files.writeString(secret, "{\"value\": \"" + MARKER + "\"}\n");
    }

    private static Cli.Result run(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table, "--output", folder.resolve("run-" + System.nanoTime())
                .toString()));
        all.addAll(List.of(args));
        return Cli.local(verb, all.toArray(new String[0]));
    }

    /** The single "bulk: " error line of a refused command; fails on a stack trace or several lines. */
    static String errorLine(Cli.Result result) {
        List<String> lines = result.err().lines().filter(line -> line.startsWith("bulk: ")).toList();
        assertThat(lines).as(result.all()).hasSize(1);
        assertThat(result.err()).as("no stack trace").doesNotContain("\tat ");
        return lines.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT OVERWRITE DIRECTORY '%D' USING text SELECT 'x'",
            "WITH t AS (SELECT 'x' AS v) INSERT OVERWRITE DIRECTORY '%D' USING text SELECT v FROM t",
            "INSERT OVERWRITE LOCAL DIRECTORY '%D' SELECT 'x'"})
    void writingStatementsAreRefusedAndTheFolderIsUntouched(String statement) throws IOException {
        Path victim = Files.createDirectories(folder.resolve("victim-" + System.nanoTime()));
        Files.writeString(victim.resolve("keep.txt"), "kept");

        Cli.Result result = run("sql", "--query", statement.replace("%D", victim.toString()));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(errorLine(result)).contains("--query");
        try (Stream<Path> files = Files.list(victim)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).containsExactly("keep.txt");
        }
        assertThat(Files.readString(victim.resolve("keep.txt"))).isEqualTo("kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
            "SELECT java_method('java.lang.System', 'getenv', 'PATH')",
            "SELECT schema_of_avro('{\"type\": \"int\"}')",
            "SELECT to_xml(named_struct('pk', pk)) FROM `%T`",
            "SELECT value FROM text.`%F`",
            "SELECT * FROM json.`%F`",
            "SELECT * FROM csv.`%F`",
            "SELECT * FROM binaryFile.`%F`",
            "WITH s AS (SELECT * FROM text.`%F`) SELECT * FROM s",
            "SELECT pk FROM `%T` WHERE pk IN (SELECT value FROM text.`%F`)",
            "SELECT * FROM range(3)",
            "SELECT TRANSFORM(pk) USING 'cat' FROM `%T`",
            "SELECT * FROM other_table"})
    void sqlReadsOnlyTheTable(String query) {
        Cli.Result result = run("sql", "--query", query.replace("%F", secret.toString()).replace("%T", table));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(errorLine(result)).contains("--query");
        assertThat(result.all()).doesNotContain(MARKER).doesNotContain(System.getProperty("user.home") + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java_method('java.lang.System', 'exit', 7) is null",
            "reflect('java.lang.System', 'getProperty', 'user.home') is not null",
            "pk in (SELECT value FROM text.`%F`)",
            "exists (SELECT 1 FROM json.`%F`)"})
    void whereCallsNoJavaAndReadsNoFile(String condition) {
        Cli.Result count = run("count", "--where", condition.replace("%F", secret.toString()));
        Cli.Result delete = run("delete", "--where", condition.replace("%F", secret.toString()), "--yes");

        assertThat(count.exitCode()).as(count.all()).isEqualTo(2);
        assertThat(errorLine(count)).contains("--where");
        assertThat(delete.exitCode()).as(delete.all()).isEqualTo(2);
        assertThat(errorLine(delete)).contains("--where");
        assertThat(count.all() + delete.all()).doesNotContain(MARKER);
        assertThat(DYNAMO.countByScan(table)).isEqualTo(20);
    }

    @Test
    void queriesOverTheTableStillRun() {
        Cli.Result result = run("sql", "--query", "WITH big AS (SELECT pk, n FROM `" + table + "` WHERE n > 30) "
                + "SELECT count(*) AS c, max(n) AS top FROM big WHERE pk IN (SELECT pk FROM `" + table + "`)");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("9").contains("57");
    }

    @Test
    void aStringThatIsNoNumberIsRefusedAgainstANumberColumn() {
        Cli.Result delete = run("delete", "--where", "n > 'x'", "--yes");
        Cli.Result count = run("count", "--where", "n > 'x'");
        Cli.Result fine = run("count", "--where", "n > '30'");

        assertThat(delete.exitCode()).as(delete.all()).isEqualTo(2);
        assertThat(errorLine(delete)).contains("--where", "'x'");
        assertThat(count.exitCode()).as(count.all()).isEqualTo(2);
        assertThat(fine.exitCode()).as(fine.all()).isZero();
        assertThat(fine.out()).contains("Count of matching items: 9");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(20);
    }

    @Test
    void aSchemaContradictingTheKeyTypesIsRefused() {
        Cli.Result partition = run("count", "--schema", "pk BIGINT, sk BIGINT", "--where", "pk = 5");
        Cli.Result sort = run("find", "--schema", "pk STRING, sk BINARY", "--where", "sk is not null");

        assertThat(partition.exitCode()).as(partition.all()).isEqualTo(2);
        assertThat(errorLine(partition)).contains("--schema", "pk");
        assertThat(sort.exitCode()).as(sort.all()).isEqualTo(2);
        assertThat(errorLine(sort)).contains("--schema", "sk");
    }
}

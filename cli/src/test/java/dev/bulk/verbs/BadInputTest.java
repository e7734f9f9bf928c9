package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every bad input of the foundation: exit 2, a single line naming the flag and the value, and
 * the table unchanged.
 */
class BadInputTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String table;

    @TempDir
    static Path scripts;

    @BeforeAll
    static void createTable() throws Exception {
        table = LocalDynamo.uniqueTable("badinput");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + i), "sk", AttributeValue.fromS("s")));
        }
        DYNAMO.putAll(table, items);
        Files.createDirectories(scripts.resolve("fill"));
        Files.writeString(scripts.resolve("fill/broken.java"), "public class broken implements dev.bulk.scripts.ItemGenerator {\n"
                + "  public Object generate() { return 42 }\n}\n");
        Files.writeString(scripts.resolve("fill/thrower.java"), "public class thrower implements dev.bulk.scripts.ItemGenerator {\n"
                + "  public Object generate() { throw new IllegalStateException(\"boom\"); }\n}\n");
        Files.writeString(scripts.resolve("fill/nokeys.java"), "import java.util.Map;\n"
                + "public class nokeys implements dev.bulk.scripts.ItemGenerator {\n"
                + "  public Object generate() { return Map.of(\"id\", \"x\"); }\n}\n");
        Files.writeString(scripts.resolve("fill/wrongtype.java"), "import java.util.Map;\n"
                + "public class wrongtype implements dev.bulk.scripts.ItemGenerator {\n"
                + "  public Object generate() { return Map.of(\"pk\", 5, \"sk\", \"s\"); }\n}\n");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unknown table", List.of("scancount", "--table", "no-such-table"), "--table", "no-such-table"),
                Arguments.of("unknown index", List.of("scancount", "--table", "%T", "--index", "nope"), "--index", "nope"),
                Arguments.of("numitems zero", List.of("fill", "--table", "%T", "--generator", "default", "--numitems", "0"),
                        "--numitems", "0"),
                Arguments.of("numitems negative", List.of("fill", "--table", "%T", "--generator", "default", "--numitems", "-5"),
                        "--numitems", "-5"),
                Arguments.of("numitems not a number", List.of("fill", "--table", "%T", "--generator", "default", "--numitems", "ten"),
                        "--numitems", "ten"),
                Arguments.of("segments zero", List.of("scancount", "--table", "%T", "--segments", "0"), "--segments", "0"),
                Arguments.of("segments too many", List.of("scancount", "--table", "%T", "--segments", "1000001"), "--segments",
                        "1000001"),
                Arguments.of("sample fraction zero", List.of("scancount", "--table", "%T", "--sample-fraction", "0"),
                        "--sample-fraction", "0"),
                Arguments.of("sample fraction above one", List.of("scancount", "--table", "%T", "--sample-fraction", "1.5"),
                        "--sample-fraction", "1.5"),
                Arguments.of("invalid values JSON", List.of("scancount", "--table", "%T", "--filter-expression", "a = :v",
                        "--expression-values", "{:v: 1"), "--expression-values", "{:v: 1"),
                Arguments.of("invalid names JSON", List.of("scancount", "--table", "%T", "--filter-expression", "#a = :v",
                        "--expression-names", "[\"#a\"", "--expression-values", "{\":v\":1}"), "--expression-names", "[\"#a\""),
                Arguments.of("name placeholder without names", List.of("scancount", "--table", "%T", "--filter-expression",
                        "#a = :v", "--expression-values", "{\":v\":1}"), "--expression-names", "#a"),
                Arguments.of("value placeholder without values", List.of("scancount", "--table", "%T", "--filter-expression",
                        "a = :v"), "--expression-values", ":v"),
                Arguments.of("filter DynamoDB rejects", List.of("scancount", "--table", "%T", "--filter-expression",
                        "a === :v", "--expression-values", "{\":v\":1}"), "--filter-expression", "a === :v"),
                Arguments.of("generator not found", List.of("fill", "--table", "%T", "--generator", "nosuch", "--numitems", "5",
                        "--scripts-dir", "%S"), "--generator", "nosuch"),
                Arguments.of("generator not compiling", List.of("fill", "--table", "%T", "--generator", "broken", "--numitems",
                        "5", "--scripts-dir", "%S"), "--generator", "broken.java:2"),
                Arguments.of("generator throwing", List.of("fill", "--table", "%T", "--generator", "%S/fill/thrower.java",
                        "--numitems", "5"), "--generator", "boom"),
                Arguments.of("generator without the table's keys", List.of("fill", "--table", "%T", "--generator", "nokeys",
                        "--numitems", "5", "--scripts-dir", "%S"), "--generator", "pk"),
                Arguments.of("generator with a wrong key type", List.of("fill", "--table", "%T", "--generator", "wrongtype",
                        "--numitems", "5", "--scripts-dir", "%S"), "--generator", "type S"),
                Arguments.of("count --where unknown column", List.of("count", "--table", "%T", "--where", "nosuchcol > 1"), "--where",
                        "nosuchcol"),
                Arguments.of("find --limit zero", List.of("find", "--table", "%T", "--limit", "0"), "--limit", "0"),
                Arguments.of("sql that is not a query", List.of("sql", "--table", "%T", "--query", "DROP TABLE t"), "--query",
                        "DROP TABLE"),
                Arguments.of("--XTimeout zero", List.of("fill", "--table", "%T", "--generator", "default", "--numitems", "5",
                        "--XTimeout", "0"), "--XTimeout", "0"),
                Arguments.of("--XTimeout below a hundredth of a minute", List.of("fill", "--table", "%T", "--generator", "default",
                        "--numitems", "5", "--XTimeout", "0.001"), "--XTimeout", "0.001"),
                Arguments.of("--XTimeout above a week", List.of("fill", "--table", "%T", "--generator", "default", "--numitems", "5",
                        "--XTimeout", "10080.5"), "--XTimeout", "10080.5"),
                Arguments.of("--XTimeout not a number", List.of("fill", "--table", "%T", "--generator", "default", "--numitems", "5",
                        "--XTimeout", "NaN"), "--XTimeout", "NaN"),
                Arguments.of("--conf that is not a Spark property", List.of("scancount", "--table", "%T", "--conf", "foo=bar"),
                        "--conf", "foo=bar"),
                Arguments.of("--local with a master whose executors cannot reach 127.0.0.1", List.of("count", "--table", "%T",
                        "--local", "--master", "yarn"), "--local", "yarn"),
                Arguments.of("create-table bad key type", List.of("create-table", "--table", "newtable", "--pk", "id:X"), "--pk", "id:X"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoWithOneLineNamingTheFlagAndChangesNothing(String name, List<String> args, String flag, String value) {
        List<String> resolved = new ArrayList<>();
        for (String arg : args) {
            resolved.add(arg.replace("%T", table).replace("%S", scripts.toString()));
        }
        Cli.Result result = Cli.local(resolved.get(0), resolved.subList(1, resolved.size()).toArray(new String[0]));
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        String message = result.err().lines().filter(line -> line.startsWith("bulk: ")).findFirst().orElse("");
        assertThat(message).as(result.err()).contains(flag).contains(value);
        assertThat(result.err().lines().filter(line -> line.startsWith("\tat ")).count()).as("no stack trace").isZero();
        assertThat(DYNAMO.countByScan(table)).isEqualTo(50);
    }

    @org.junit.jupiter.api.Test
    void unreachableEndpointIsAClearUsageErrorWithinSeconds() {
        long start = System.nanoTime();
        Cli.Result result = Cli.run("scancount", "--endpoint", "http://127.0.0.1:1", "--table", "t-any");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--endpoint: http://127.0.0.1:1 is unreachable").doesNotContain("\tat ");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    }

    @org.junit.jupiter.api.Test
    void unreachableMasterFailsWithinSecondsWithExitOne() {
        long start = System.nanoTime();
        Cli.Result result = Cli.local("scancount", "--table", table, "--master", "spark://127.0.0.1:1");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.err()).contains("--master spark://127.0.0.1:1: no Spark master answers at 127.0.0.1:1")
                .doesNotContain("\tat ");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    }
}

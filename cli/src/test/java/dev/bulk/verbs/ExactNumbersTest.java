package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A number column holding 38-digit integers and fractions: no Spark number type holds both, and
 * a comparison must still pick exactly the items whose number equals the literal, never the
 * neighbours a double would round onto the same value.
 */
class ExactNumbersTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final String MATCH = "12345678901234567890123456789012345679";
    /** Equal to MATCH as a double, but a different number. */
    private static final String NEIGHBOUR = "12345678901234567890123456789012345678";

    @TempDir
    Path folder;

    private String wideTable() {
        String table = LocalDynamo.uniqueTable("exact");
        Cli.Result created = Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N");
        assertThat(created.exitCode()).as(created.all()).isZero();
        DYNAMO.putAll(table, List.of(
                item("a", MATCH), item("a", NEIGHBOUR), item("a", "0.5"), item("a", "1.25"), item("b", MATCH)));
        return table;
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(sk));
    }

    private Cli.Result run(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(folder.resolve("run-" + System.nanoTime()).toString());
        return Cli.local(verb, all.toArray(new String[0]));
    }

    /** The table's keys as "pk/sk" with sk normalised, by a plain SDK scan. */
    private static Set<String> keys(String table) {
        Set<String> keys = new TreeSet<>();
        DYNAMO.client().scanPaginator(r -> r.tableName(table)).items().forEach(item -> keys.add(item.get("pk").s() + "/"
                + new BigDecimal(item.get("sk").n()).stripTrailingZeros().toPlainString()));
        return keys;
    }

    @Test
    void countAndFindMatchOnlyTheExactNumber() {
        String table = wideTable();

        Cli.Result count = run("count", "--table", table, "--where", "sk = " + MATCH);
        Cli.Result find = run("find", "--table", table, "--where", "sk = " + MATCH);
        Cli.Result pushedOff = run("count", "--table", table, "--where", "sk = " + MATCH, "--no-pushdown", "all");
        Cli.Result range = run("count", "--table", table, "--where", "sk > " + NEIGHBOUR);
        Cli.Result fraction = run("count", "--table", table, "--where", "sk < 1");
        Cli.Result list = run("count", "--table", table, "--where", "sk in (0.50, " + MATCH + ")");
        Cli.Result quoted = run("count", "--table", table, "--where", "sk = '0.50'");
        Cli.Result notANumber = run("count", "--table", table, "--where", "sk = 'x'");

        assertThat(count.exitCode()).as(count.all()).isZero();
        assertThat(count.out()).contains("Count of matching items: 2");
        assertThat(find.exitCode()).as(find.all()).isZero();
        assertThat(find.out()).contains(MATCH).doesNotContain(NEIGHBOUR);
        assertThat(pushedOff.out()).as(pushedOff.all()).contains("Count of matching items: 2");
        assertThat(range.out()).as(range.all()).contains("Count of matching items: 2");
        assertThat(fraction.out()).as(fraction.all()).contains("Count of matching items: 1");
        assertThat(list.out()).as(list.all()).contains("Count of matching items: 3");
        assertThat(quoted.out()).as(quoted.all()).contains("Count of matching items: 1");
        assertThat(notANumber.exitCode()).as(notANumber.all()).isEqualTo(2);
        assertThat(QuerySafetyTest.errorLine(notANumber)).contains("--where", "'x'");
    }

    @Test
    void deleteRemovesOnlyTheExactNumber() {
        String table = wideTable();

        Cli.Result delete = run("delete", "--table", table, "--where", "pk = 'a' and sk = " + MATCH, "--yes");

        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(delete.out()).contains("Deleted 1 items");
        assertThat(keys(table)).containsExactly("a/0.5", "a/1.25", "a/" + NEIGHBOUR, "b/" + MATCH);
    }

    @Test
    void explainShowsTheLiteralWithAllItsDigits() {
        String table = wideTable();

        Cli.Result explain = run("count", "--table", table, "--where", "sk = " + MATCH, "--explain");

        assertThat(explain.exitCode()).as(explain.all()).isZero();
        assertThat(explain.out()).doesNotContain("E37");
    }

    @Test
    void aComparisonThatWouldRoundIsRefused() {
        String table = wideTable();

        Cli.Result sum = run("sql", "--table", table, "--query", "SELECT sum(sk) FROM `" + table + "`");
        Cli.Result arithmetic = run("delete", "--table", table, "--where", "sk + 1 > 5", "--yes");

        assertThat(sum.exitCode()).as(sum.all()).isEqualTo(2);
        assertThat(QuerySafetyTest.errorLine(sum)).contains("--query", "sk");
        assertThat(arithmetic.exitCode()).as(arithmetic.all()).isEqualTo(2);
        assertThat(QuerySafetyTest.errorLine(arithmetic)).contains("--where", "sk");
        assertThat(keys(table)).hasSize(5);
    }
}

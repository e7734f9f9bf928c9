package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.FaultyDynamoProxy;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import dev.bulk.testing.SeenRequests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --consistent-read reaches the Scan and Query requests of every verb that reads: each verb's
 * command line runs through {@link FaultyDynamoProxy} (a hand-written double in front of DynamoDB
 * Local, faults off), which records whether each read asked for ConsistentRead=true, since
 * DynamoDB Local answers the same either way.
 */
class ConsistentReadTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static FaultyDynamoProxy proxy;

    @TempDir
    Path out;

    @BeforeAll
    static void startProxy() {
        proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), FaultyDynamoProxy.Faults.none());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static String table(String prefix) {
        String name = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        DYNAMO.putAll(name, RichItems.items(60));
        return name;
    }

    private static Cli.Result through(List<String> args) {
        Cli.shareSpark();
        List<String> all = new ArrayList<>();
        all.add(args.get(0));
        all.add("--endpoint");
        all.add(proxy.endpoint());
        all.addAll(args.subList(1, args.size()));
        return Cli.run(all.toArray(new String[0]));
    }

    private static long consistent(SeenRequests seen, String table) {
        return seen.consistentReads("Scan", table) + seen.consistentReads("Query", table);
    }

    /** A verb's command line from (read table, other table, run folder); the other table is only copy's and diff's. */
    static Stream<Arguments> verbs() {
        return Stream.of(
                verb("count (pushed Select=COUNT)", (t, o) -> List.of("count", "--table", t)),
                verb("count --where", (t, o) -> List.of("count", "--table", t, "--where", "sk > 5")),
                verb("find --where", (t, o) -> List.of("find", "--table", t, "--where", "sk < 3")),
                verb("sql", (t, o) -> List.of("sql", "--table", t, "--query", "SELECT count(*) FROM `" + t + "`")),
                verb("scancount", (t, o) -> List.of("scancount", "--table", t)),
                verb("export", (t, o) -> List.of("export", "--table", t)),
                verb("diff (both sides)", (t, o) -> List.of("diff", "--table", t, "--table2", o)),
                verb("delete --where", (t, o) -> List.of("delete", "--table", t, "--where", "sk < 10", "--yes")),
                verb("delete (all)", (t, o) -> List.of("delete", "--table", t, "--yes")),
                verb("truncate", (t, o) -> List.of("truncate", "--table", t, "--yes")),
                verb("update", (t, o) -> List.of("update", "--table", t, "--generator", "touched", "--yes")),
                verb("copy (reads the source)", (t, o) -> List.of("copy", "--source", t, "--target", o, "--yes")),
                verb("copy --where", (t, o) -> List.of("copy", "--source", t, "--target", o, "--where", "sk < 20", "--yes")));
    }

    private static Arguments verb(String name, BiFunction<String, String, List<String>> line) {
        return Arguments.of(name, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verbs")
    void theFlagReachesEveryScanOfTheTableRead(String name, BiFunction<String, String, List<String>> line) {
        String table = table("cr");
        String other = table("cr-other");
        List<String> args = new ArrayList<>(line.apply(table, other));
        args.addAll(List.of("--consistent-read", "--output", out.resolve("run").toString()));

        Cli.Result result = through(args);

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(consistent(proxy.seen(), table)).as(name + ": consistent reads of the table read").isPositive();
        if (name.startsWith("diff")) {
            assertThat(consistent(proxy.seen(), other)).as("diff: the second table too").isPositive();
        }
        if (name.startsWith("copy")) {
            assertThat(consistent(proxy.seen(), other)).as("copy does not read its target").isZero();
        }
    }

    @Test
    void withoutTheFlagNoReadIsConsistent() {
        String table = table("cr-off");
        String target = table("cr-off-t");

        Cli.Result count = through(List.of("count", "--table", table, "--where", "sk > 5"));
        Cli.Result copy = through(List.of("copy", "--source", table, "--target", target, "--yes", "--output",
                out.resolve("copy").toString()));
        Cli.Result delete = through(List.of("delete", "--table", table, "--yes", "--output", out.resolve("delete").toString()));

        assertThat(count.exitCode()).as(count.all()).isZero();
        assertThat(copy.exitCode()).as(copy.all()).isZero();
        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(proxy.seen().eventualReads("Scan", table)).isPositive();
        assertThat(consistent(proxy.seen(), table)).isZero();
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void theScanCostOfAConsistentDeleteIsTwiceTheEventualOne() {
        String table = LocalDynamo.uniqueTable("cr-cost");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        DYNAMO.putAll(table, RichItems.items(400));

        Cli.Result eventual = through(List.of("delete", "--table", table, "--dry-run", "--output",
                out.resolve("e").toString()));
        Cli.Result consistent = through(List.of("delete", "--table", table, "--dry-run", "--consistent-read", "--output",
                out.resolve("c").toString()));

        assertThat(eventual.exitCode()).as(eventual.all()).isZero();
        assertThat(consistent.exitCode()).as(consistent.all()).isZero();
        long eventualUnits = scanUnits(eventual.err(), "Estimated read units for a full scan (");
        long consistentUnits = scanUnits(consistent.err(), "Estimated read units for a full scan, strongly consistent (");
        // Eventual reads cost half, rounded up: twice the eventual estimate or one less.
        assertThat(consistentUnits).as(consistent.err()).isGreaterThan(eventualUnits).isBetween(2 * eventualUnits - 1,
                2 * eventualUnits);
        assertThat(DYNAMO.countByScan(table)).isEqualTo(400);
    }

    private static long scanUnits(String err, String prefix) {
        Matcher matcher = Pattern.compile(Pattern.quote(prefix) + "[^:]*: ~([0-9,]+) read units").matcher(err);
        assertThat(matcher.find()).as(err).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}

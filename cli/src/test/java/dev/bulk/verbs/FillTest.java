package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fill against a real DynamoDB Local and local Spark; the truth is a plain SDK scan done by the test. */
class FillTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @Test
    void fillThenScancountGivesExactlyNOnAHashAndRangeTable() {
        String table = LocalDynamo.uniqueTable("fill-hr");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        // default returns 3 items per call: 10,001 is not a multiple of 3, so surplus must be discarded.
        Cli.Result fill = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "10001");
        assertThat(fill.exitCode()).as(fill.all()).isZero();
        assertThat(fill.out()).contains("Total records filled: 10,001");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(10_001);
        Cli.Result count = Cli.local("scancount", "--table", table);
        assertThat(count.out()).contains("Total records counted: 10,001");
    }

    @Test
    void fillThenScancountGivesExactlyNOnAHashOnlyTable() {
        String table = LocalDynamo.uniqueTable("fill-h");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pknum:N").exitCode()).isZero();
        Cli.Result fill = Cli.local("fill", "--table", table, "--generator", "nosk", "--numitems", "2500");
        assertThat(fill.exitCode()).as(fill.all()).isZero();
        assertThat(fill.out()).contains("Total records filled: 2,500");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(2_500);
        assertThat(Cli.local("scancount", "--table", table).out()).contains("Total records counted: 2,500");
    }

    @Test
    void builtInUsersAndMultiEntityGeneratorsFillTheirTables() {
        String users = LocalDynamo.uniqueTable("fill-users");
        assertThat(Cli.local("create-table", "--table", users, "--pk", "user_id:S").exitCode()).isZero();
        Cli.Result usersFill = Cli.local("fill", "--table", users, "--generator", "users", "--numitems", "300");
        assertThat(usersFill.out()).as(usersFill.all()).contains("Total records filled: 300");
        assertThat(DYNAMO.countByScan(users)).isEqualTo(300);

        String entities = LocalDynamo.uniqueTable("fill-mer");
        assertThat(Cli.local("create-table", "--table", entities, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        Cli.Result merFill = Cli.local("fill", "--table", entities, "--generator", "multi_entity_relationship", "--numitems", "400");
        assertThat(merFill.out()).as(merFill.all()).contains("Total records filled: 400");
        assertThat(DYNAMO.countByScan(entities)).isEqualTo(400);
    }

    @Test
    void aUserGeneratorCompiledAtRunTimeWritesItsItems(@TempDir Path dir) throws Exception {
        String table = LocalDynamo.uniqueTable("fill-user");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "id:S").exitCode()).isZero();
        Path script = dir.resolve("Counter.java");
        Files.writeString(script, """
                import java.util.Map;
                import java.util.UUID;
                public class Counter implements dev.bulk.scripts.ItemGenerator {
                    private int calls;
                    public Object generate() {
                        calls++;
                        return Map.of("id", UUID.randomUUID().toString(), "calls", calls, "price", new java.math.BigDecimal("12.345678901234567890123456789012345678"));
                    }
                }
                """);
        Cli.Result fill = Cli.local("fill", "--table", table, "--generator", script.toString(), "--numitems", "777");
        assertThat(fill.exitCode()).as(fill.all()).isZero();
        assertThat(fill.out()).contains("Total records filled: 777");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(777);
        String price = DYNAMO.client().scan(r -> r.tableName(table).limit(1)).items().get(0).get("price").n();
        assertThat(price).isEqualTo("12.345678901234567890123456789012345678");
    }

    @Test
    void repeatedKeysAreReportedSoTheCountDoesNotClaimNewItems(@TempDir Path dir) throws Exception {
        String table = LocalDynamo.uniqueTable("fill-dup");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "id:S").exitCode()).isZero();
        Path script = dir.resolve("Repeats.java");
        Files.writeString(script, """
                import java.util.Map;
                public class Repeats implements dev.bulk.scripts.ItemGenerator {
                    private int next;
                    public Object generate() {
                        return Map.of("id", "k" + (next++ % 10));
                    }
                }
                """);
        Cli.Result fill = Cli.local("fill", "--table", table, "--generator", script.toString(), "--numitems", "100");
        assertThat(fill.exitCode()).as(fill.all()).isZero();
        assertThat(fill.out()).contains("Total records filled: 100").contains("90 of them repeated a key");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(10);
    }

    @Test
    void dryRunWritesNothing() {
        String table = LocalDynamo.uniqueTable("fill-dry");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        Cli.Result fill = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "1000", "--dry-run");
        assertThat(fill.exitCode()).isZero();
        assertThat(fill.err()).contains("Estimated write units").contains("--dry-run: nothing written");
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void fillHasTheRailsOfTheOtherMutatingVerbs(@TempDir Path dir) {
        String table = LocalDynamo.uniqueTable("fill-rails");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        String run = dir.resolve("run").toString();
        Cli.Result unasked = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "30", "--output",
                dir.resolve("first").toString());
        Cli.Result yes = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "30", "--yes", "--output",
                run);
        Cli.Result otherCount = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "31", "--yes",
                "--resume", run);
        Cli.Result finished = Cli.local("fill", "--table", table, "--generator", "default", "--numitems", "30", "--yes",
                "--resume", run);

        assertThat(unasked.exitCode()).as(unasked.all()).isZero();
        assertThat(unasked.err()).as("without a terminal the run goes ahead and says so")
                .contains("no terminal: going ahead without asking");
        assertThat(yes.exitCode()).as(yes.all()).isZero();
        assertThat(yes.err()).doesNotContain("no terminal");
        assertThat(otherCount.exitCode()).as(otherCount.all()).isEqualTo(2);
        assertThat(otherCount.err()).contains("--numitems was '30' in that run, now '31'");
        assertThat(finished.exitCode()).as(finished.all()).isZero();
        assertThat(finished.err()).contains("Resuming run").contains("1 of 1 units already done, 30 items confirmed written, 0 to go");
        assertThat(finished.out()).contains("Total records filled: 30");
        assertThat(DYNAMO.countByScan(table)).as("the resume of a finished fill writes nothing").isEqualTo(60);
    }
}

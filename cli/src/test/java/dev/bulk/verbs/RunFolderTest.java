package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
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
 * A mutating run's folder belongs to that run: another run may not reuse it (its checkpoints would
 * make the new run skip work), it must be writable before anything is written, and --resume
 * accepts the same folder given to --output again; the truth is the test's own SDK scan.
 */
class RunFolderTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @TempDir
    Path work;

    /** Items i0..i{count-1} with n = their number. */
    private static String numbered(String prefix, int count) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("i" + i), "n", AttributeValue.fromN(Integer.toString(i))));
        }
        DYNAMO.putAll(table, items);
        return table;
    }

    private static Set<Integer> numbersLeft(String table) {
        Set<Integer> left = new TreeSet<>();
        DYNAMO.client().scanPaginator(r -> r.tableName(table)).items()
                .forEach(item -> left.add(Integer.parseInt(item.get("n").n())));
        return left;
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> numbers = new TreeSet<>();
        for (int i = from; i < to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    @Test
    void aSecondMutatingRunInTheSameOutputFolderIsRefusedAndChangesNothing() {
        String table = numbered("runfolder-reuse", 30);
        String dir = work.resolve("X").toString();
        Cli.Result first = Cli.local("delete", "--table", table, "--where", "n < 5", "--output", dir, "--yes");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("Deleted 5 items");

        Cli.Result second = Cli.local("delete", "--table", table, "--where", "n >= 5 and n < 10", "--output", dir, "--yes");
        Cli.Result truncate = Cli.local("truncate", "--table", table, "--output", dir, "--yes");

        assertThat(second.exitCode()).as(second.all()).isEqualTo(2);
        assertThat(second.err()).contains("--output " + dir).contains("--resume");
        assertThat(truncate.exitCode()).as(truncate.all()).isEqualTo(2);
        assertThat(truncate.err()).contains("--output " + dir);
        assertThat(numbersLeft(table)).isEqualTo(range(5, 30));
    }

    @Test
    void anUnwritableRunFolderIsAUsageErrorBeforeAnythingIsWritten() {
        String table = numbered("runfolder-unwritable", 20);
        String filled = LocalDynamo.uniqueTable("runfolder-unwritable-fill");
        assertThat(Cli.local("create-table", "--table", filled, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();

        Cli.Result delete = Cli.local("delete", "--table", table, "--where", "n < 5", "--output", "/proc/x", "--yes");
        Cli.Result truncate = Cli.local("truncate", "--table", table, "--output", "/proc/x", "--yes");
        Cli.Result fill = Cli.local("fill", "--table", filled, "--generator", "default", "--numitems", "30", "--output",
                "/proc/x");

        for (Cli.Result result : List.of(delete, truncate, fill)) {
            assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
            assertThat(result.err()).contains("--output /proc/x").doesNotContain("Exception");
        }
        assertThat(numbersLeft(table)).isEqualTo(range(0, 20));
        assertThat(DYNAMO.countByScan(filled)).isZero();
    }

    @Test
    void resumeAcceptsTheSameFolderAgainAsOutputAndRefusesAnotherEndpoint() {
        String table = numbered("runfolder-resume", 12);
        String dir = work.resolve("R").toString();
        Cli.Result first = Cli.local("delete", "--table", table, "--where", "n < 4", "--output", dir, "--yes");
        assertThat(first.exitCode()).as(first.all()).isZero();

        // The endpoint is the same server under another name: a different target as far as a resume can tell.
        String otherName = DYNAMO.endpoint() + "/";
        Cli.Result elsewhere = Cli.run("delete", "--endpoint", otherName, "--table", table, "--where", "n < 4", "--resume", dir,
                "--yes");
        Cli.Result again = Cli.local("delete", "--table", table, "--where", "n < 4", "--output", dir, "--resume", dir, "--yes");
        Cli.Result otherFolder = Cli.local("delete", "--table", table, "--where", "n < 4", "--output",
                work.resolve("other").toString(), "--resume", dir, "--yes");

        assertThat(elsewhere.exitCode()).as(elsewhere.all()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("--endpoint");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.err()).contains("Resuming run");
        assertThat(again.out()).contains("Deleted 4 items");
        assertThat(otherFolder.exitCode()).as(otherFolder.all()).isEqualTo(2);
        assertThat(numbersLeft(table)).isEqualTo(range(4, 12));
    }
}

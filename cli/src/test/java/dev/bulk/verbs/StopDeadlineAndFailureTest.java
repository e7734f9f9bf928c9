package dev.bulk.verbs;

import static dev.bulk.verbs.StopCountsTest.confirmed;
import static dev.bulk.verbs.StopCountsTest.summaryCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.ExportFixture;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The other two ways a run stops before its end: its --XTimeout deadline passes (fill, truncate,
 * load-export, revert-export), or one of its tasks fails (fill, load). Each run is slowed down
 * with --XMaxWriteRate so the stop comes mid-run; the count it prints and the one in summary.json
 * must both be what the test's own scan shows changed, and a fill stopped by its deadline resumes
 * to exactly its --numitems. (Ctrl-C: {@link StopCountsTest}.)
 */
class StopDeadlineAndFailureTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    /** 0.1 minutes = 6 s, of the 10 to 15 s these runs take at 200 writes a second: a fraction, so a test stops in seconds. */
    private static final String DEADLINE = "0.1";
    private static final List<String> SLOW = List.of("--XMaxWriteRate", "200", "--yes");

    @TempDir
    Path dir;

    private static Cli.Result local(String verb, List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(SLOW);
        all.addAll(Arrays.asList(more));
        return Cli.local(verb, all.toArray(new String[0]));
    }

    /** The stop's printed count and summary.json's both equal {@code changed}, which is neither nothing nor everything. */
    private static void assertHonest(Cli.Result stopped, Path run, String summaryName, long changed, long total)
            throws IOException {
        assertThat(changed).as(stopped.all() + journal(run)).isBetween(1L, total - 1);
        assertThat(confirmed(stopped.err())).as(stopped.all()).isEqualTo(changed);
        assertThat(summaryCount(run, summaryName)).isEqualTo(changed);
    }

    private static void assertDeadline(Cli.Result stopped) {
        assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(1);
        // Without --where these run on the direct engine ("the job"), with one on Spark ("the Spark job").
        assertThat(stopped.err()).containsPattern("--XTimeout reached: the (Spark )?job was cancelled");
    }

    @Test
    void aFillStoppedByItsDeadlineReportsWhatWasWrittenAndItsResumeWritesOnlyTheMissingQuota() throws IOException {
        String table = LocalDynamo.uniqueTable("deadline-fill");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        Path run = dir.resolve("fill-run");
        List<String> fill = List.of("--table", table, "--generator", "default", "--numitems", "3000");

        Cli.Result stopped = local("fill", fill, "--XTimeout", DEADLINE, "--output", run.toString());
        long written = DYNAMO.countByScan(table);
        assertDeadline(stopped);
        assertThat(stopped.err()).contains("longer than --XTimeout 0.1 min (6.0 s)");
        assertHonest(stopped, run, "written", written, 3000);
        Cli.Result resumed = local("fill", fill, "--resume", run.toString(), "--output", run.toString());

        assertThat(stopped.err()).contains("--resume " + run);
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.err()).contains(String.format("%,d items confirmed written, %,d to go", written, 3000 - written));
        assertThat(resumed.out()).contains("Total records filled: 3,000");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(3000);
    }

    @Test
    void aTruncateStoppedByItsDeadlineReportsWhatWasDeleted() throws IOException {
        String table = StopCountsTest.keysTable("deadline-truncate", 3000);
        Path run = dir.resolve("truncate-run");

        Cli.Result stopped = local("truncate", List.of("--table", table), "--XTimeout", DEADLINE, "--output", run.toString());

        assertDeadline(stopped);
        assertHonest(stopped, run, "deleted", 3000 - DYNAMO.countByScan(table), 3000);
    }

    @Test
    void aLoadExportStoppedByItsDeadlineReportsWhatWasWritten() throws IOException {
        String table = emptyTable("deadline-lx");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(item(i, "new"));
        }
        Path export = ExportFixture.full(dir, "exports", "01700000000000-deadline", items, 2);
        Path run = dir.resolve("lx-run");

        Cli.Result stopped = local("load-export", List.of("--table", table, "--s3-path", export.toString()), "--XTimeout",
                DEADLINE, "--output", run.toString());

        assertDeadline(stopped);
        assertHonest(stopped, run, "written", DYNAMO.countByScan(table), 3000);
    }

    @Test
    void aRevertExportStoppedByItsDeadlineReportsWhatWasWritten() throws IOException {
        String table = emptyTable("deadline-rx");
        List<ExportFixture.Change> changes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            changes.add(new ExportFixture.Change(Map.of("pk", AttributeValue.fromS("i" + i)), item(i, "new"), item(i, "old")));
        }
        Path export = ExportFixture.incremental(dir, "", "01700000000001-deadline", "NEW_AND_OLD_IMAGES", changes, 2);
        Path run = dir.resolve("rx-run");

        Cli.Result stopped = local("revert-export", List.of("--table", table, "--s3-path", export.toString()), "--XTimeout",
                DEADLINE, "--output", run.toString());

        assertDeadline(stopped);
        assertHonest(stopped, run, "written", StopCountsTest.countWith(table, "old"), 3000);
    }

    /** A generator that breaks on its 500th item: the task fails mid-run, and the job with it. */
    @Test
    void aFillWhoseTaskFailsReportsWhatWasWritten() throws IOException {
        String table = LocalDynamo.uniqueTable("failed-fill");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        Path generator = Files.writeString(dir.resolve("Breaking.java"), """
                import dev.bulk.scripts.ItemGenerator;
                import java.util.Map;
import java.util.stream.Stream;
                import java.util.UUID;

                public class Breaking implements ItemGenerator {
                    private int calls;

                    @Override
                    public Object generate() {
                        if (++calls == 500) {
                            throw new IllegalStateException("the generator broke on its 500th item");
                        }
                        return Map.of("pk", UUID.randomUUID().toString());
                    }
                }
                """);
        Path run = dir.resolve("failed-fill-run");

        Cli.Result failed = local("fill", List.of("--table", table, "--generator", generator.toString(), "--numitems", "3000"),
                "--output", run.toString());

        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.err()).contains("the generator broke on its 500th item");
        assertHonest(failed, run, "written", DYNAMO.countByScan(table), 500);
    }

    /** A gzip file cut short: the task reading it fails when it reaches the cut, after writing what came before. */
    @Test
    void aLoadWhoseTaskFailsReportsWhatWasWritten() throws IOException {
        String table = emptyTable("failed-load");
        Path input = dir.resolve("cut.json.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(input))) {
            for (int i = 0; i < 1500; i++) {
                gz.write(("{\"Item\":{\"pk\":{\"S\":\"r" + i + "\"},\"n\":{\"N\":\"" + i + "\"}}}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = Files.readAllBytes(input);
        Files.write(input, Arrays.copyOf(whole, whole.length - 64));
        Path run = dir.resolve("failed-load-run");

        Cli.Result failed = local("load", List.of("--table", table, "--format", "ddb-json", "--s3-path", input.toString()),
                "--output", run.toString());

        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertHonest(failed, run, "written", DYNAMO.countByScan(table), 1500);
    }

    /** The run's journal files and what each says, for a failure message. */
    private static String journal(Path run) throws IOException {
        Path dir = run.resolve("journal");
        if (!Files.isDirectory(dir)) {
            return "\n(no journal)";
        }
        StringBuilder text = new StringBuilder("\njournal:");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                text.append("\n  ").append(file.getFileName()).append(": ").append(Files.readString(file).strip());
            }
        }
        return text.toString();
    }

    private static String emptyTable(String prefix) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        return table;
    }

    private static Map<String, AttributeValue> item(int i, String version) {
        return Map.of("pk", AttributeValue.fromS("i" + i), "n", AttributeValue.fromN(Integer.toString(i)), version,
                AttributeValue.fromBool(true));
    }
}

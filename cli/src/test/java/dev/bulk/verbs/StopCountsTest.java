package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.CliProcess;
import dev.bulk.testing.LocalDynamo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Ctrl-C (SIGINT) of a real CLI process mid-run, for fill, delete, update, copy and load: the
 * count it prints and records in summary.json is what DynamoDB confirmed (the test's own scan says
 * how many items changed), and a resumed run finishes the work with a total that adds the stopped
 * run's confirmed work in, counted once. {@link StopDeadlineAndFailureTest} has the other stops.
 */
class StopCountsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final Pattern CONFIRMED = Pattern.compile("([\\d,]+) items confirmed (written|deleted|updated|copied)");

    @TempDir
    Path dir;

    /** Starts the CLI in its own JVM (the test's classpath), waits until {@code progressed} holds, sends SIGINT. */
    private String interruptWhen(List<String> args, LongSupplier progress, long atLeast) throws Exception {
        List<String> command = CliProcess.command(new ArrayList<>());
        command.addAll(args);
        Path err = dir.resolve("err-" + System.nanoTime() + ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(err.toFile()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (progress.getAsLong() < atLeast && process.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(process.isAlive()).as("ended before it could be interrupted: " + Files.readString(err)).isTrue();
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).redirectError(new File("/dev/null")).start().waitFor();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(err);
        assertThat(process.exitValue()).as(text).isEqualTo(130);
        return text;
    }

    /** The count a stopped run printed: "N items confirmed written" (or deleted, updated, copied). */
    static long confirmed(String err) {
        Matcher matcher = CONFIRMED.matcher(err);
        assertThat(matcher.find()).as(err).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    @Test
    void anInterruptedFillReportsWhatWasWrittenAndItsResumeWritesOnlyTheRest() throws Exception {
        String table = LocalDynamo.uniqueTable("stop-fill");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        Path run = dir.resolve("fill-run");
        List<String> fill = List.of("fill", "--endpoint", DYNAMO.endpoint(), "--table", table, "--generator", "default",
                "--numitems", "4000", "--yes");
        List<String> slow = new ArrayList<>(fill);
        slow.addAll(List.of("--XMaxWriteRate", "200", "--output", run.toString()));

        String err = interruptWhen(slow, () -> DYNAMO.countByScan(table), 300);
        long inTable = DYNAMO.countByScan(table);
        long reported = confirmed(err);
        String summary = Files.readString(run.resolve("summary.json"));
        Cli.Result resumed = Cli.run(concat(fill, "--resume", run.toString(), "--output", run.toString()));

        assertThat(reported).as(err).isEqualTo(inTable);
        assertThat(summary).contains("\"written\":" + inTable);
        assertThat(err).contains("--resume " + run);
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.err()).contains(String.format("%,d items confirmed written", inTable));
        assertThat(resumed.out()).contains("Total records filled: 4,000");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(4000);
    }

    @Test
    void anInterruptedDeleteReportsWhatWasDeletedAndItsResumeCountsEachDeleteOnce() throws Exception {
        String table = LocalDynamo.uniqueTable("stop-delete");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("i" + i), "n", AttributeValue.fromN(Integer.toString(i))));
        }
        DYNAMO.putAll(table, items);
        Path run = dir.resolve("delete-run");
        List<String> delete = List.of("delete", "--endpoint", DYNAMO.endpoint(), "--table", table, "--where", "n < 2000",
                "--yes");
        List<String> slow = new ArrayList<>(delete);
        slow.addAll(List.of("--XMaxWriteRate", "200", "--output", run.toString()));

        String err = interruptWhen(slow, () -> 3000 - DYNAMO.countByScan(table), 300);
        long deleted = 3000 - DYNAMO.countByScan(table);
        long reported = confirmed(err);
        String summary = Files.readString(run.resolve("summary.json"));
        Cli.Result resumed = Cli.run(concat(delete, "--resume", run.toString()));

        assertThat(reported).as(err).isEqualTo(deleted);
        assertThat(summary).contains("\"deleted\":" + deleted);
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.out()).as(resumed.all()).contains("Deleted 2,000 items");
        assertThat(resumed.err()).doesNotContain("already gone");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(1000);
    }

    @Test
    void anInterruptedUpdateReportsWhatWasUpdated() throws Exception {
        String table = keysTable("stop-update", 3000);
        Path run = dir.resolve("update-run");

        String err = interruptWhen(List.of("update", "--endpoint", DYNAMO.endpoint(), "--table", table, "--generator", "touched",
                "--yes", "--XMaxWriteRate", "200", "--output", run.toString()), () -> countWith(table, "touched"), 300);
        long updated = countWith(table, "touched");

        assertThat(updated).isBetween(1L, 2999L);
        assertThat(confirmed(err)).as(err).isEqualTo(updated);
        assertThat(summaryCount(run, "updated")).isEqualTo(updated);
    }

    @Test
    void anInterruptedCopyReportsWhatWasCopied() throws Exception {
        String source = keysTable("stop-copy-src", 3000);
        String target = LocalDynamo.uniqueTable("stop-copy-dst");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S").exitCode()).isZero();
        Path run = dir.resolve("copy-run");

        String err = interruptWhen(List.of("copy", "--endpoint", DYNAMO.endpoint(), "--source", source, "--target", target,
                "--yes", "--XMaxWriteRate", "200", "--output", run.toString()), () -> DYNAMO.countByScan(target), 300);
        long copied = DYNAMO.countByScan(target);

        assertThat(copied).isBetween(1L, 2999L);
        assertThat(confirmed(err)).as(err).isEqualTo(copied);
        assertThat(summaryCount(run, "copied")).isEqualTo(copied);
    }

    /** Before: a stopped load said "0 rows" whatever it had written; its tasks now journal what DynamoDB confirmed. */
    @Test
    void anInterruptedLoadReportsWhatWasWritten() throws Exception {
        String table = LocalDynamo.uniqueTable("stop-load");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        Path input = ddbJsonLines(dir.resolve("load-input.json"), 3000);
        Path run = dir.resolve("load-run");

        String err = interruptWhen(List.of("load", "--endpoint", DYNAMO.endpoint(), "--table", table, "--format", "ddb-json",
                "--s3-path", input.toString(), "--yes", "--XMaxWriteRate", "200", "--output", run.toString()),
                () -> DYNAMO.countByScan(table), 300);
        long written = DYNAMO.countByScan(table);

        assertThat(written).isBetween(1L, 2999L);
        assertThat(confirmed(err)).as(err).isEqualTo(written);
        assertThat(summaryCount(run, "written")).isEqualTo(written);
    }

    /** A table of {@code count} items {@code {pk: "iN", n: N}}. */
    static String keysTable(String prefix, int count) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("i" + i), "n", AttributeValue.fromN(Integer.toString(i))));
        }
        DYNAMO.putAll(table, items);
        return table;
    }

    /** {@code count} DynamoDB JSON lines of distinct keys, as {@code load --format ddb-json} reads them. */
    static Path ddbJsonLines(Path file, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"Item\":{\"pk\":{\"S\":\"r" + i + "\"},\"n\":{\"N\":\"" + i + "\"}}}");
        }
        return Files.write(file, lines);
    }

    /** Items of the table that have {@code attribute}, by the test's own scan. */
    static long countWith(String table, String attribute) {
        long count = 0;
        for (ScanResponse page : DYNAMO.client().scanPaginator(r -> r.tableName(table).filterExpression("attribute_exists(#a)")
                .expressionAttributeNames(Map.of("#a", attribute)).select("COUNT"))) {
            count += page.count();
        }
        return count;
    }

    /** A count in the run's summary.json. */
    static long summaryCount(Path run, String name) throws IOException {
        String summary = Files.readString(run.resolve("summary.json"));
        Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(summary);
        assertThat(matcher.find()).as(name + " in " + summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}

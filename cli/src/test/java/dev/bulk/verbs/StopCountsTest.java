package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.CliProcess;
import dev.bulk.testing.LocalDynamo;
import java.io.File;
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

/**
 * Ctrl-C (SIGINT) of a real CLI process mid-run: the count it prints and records is what DynamoDB
 * confirmed (the test's own scan says how many items changed), and the resumed run finishes the
 * work with a total that adds the stopped run's confirmed work in, counted once.
 */
class StopCountsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final Pattern CONFIRMED = Pattern.compile("([\\d,]+) items confirmed (written|deleted)");

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

    private static long confirmed(String err) {
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

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}

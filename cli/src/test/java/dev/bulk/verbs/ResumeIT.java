package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.JarCli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A mutating run of the built jar is killed (SIGKILL of its JVM, not an exception) once a few of
 * its units are checkpointed, and resumed with --resume: the table ends exactly where an
 * uninterrupted run would have left it.
 */
class ResumeIT {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> KEYS = List.of("pk", "sk");
    /**
     * Two task slots whatever the machine's cores: with one slot per unit (a many-core CI machine),
     * all units would run at once, finish together, and leave no moment to stop the run mid-way.
     */
    private static final String MASTER = "local[2]";

    @TempDir
    Path work;

    private static List<Map<String, AttributeValue>> table(String name, int count) {
        assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = RichItems.items(count);
        DYNAMO.putAll(name, items);
        return items;
    }

    private static final java.util.regex.Pattern DONE = java.util.regex.Pattern.compile("\"done\":(\\d+)");

    private static long checkpoints(Path runDir) {
        return checkpointFiles(runDir).size();
    }

    private static List<Path> checkpointFiles(Path runDir) {
        Path dir = runDir.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".json")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Items the checkpointed units wrote (a unit's segments may be empty, so units alone say little). */
    private static long checkpointedItems(Path runDir) {
        long items = 0;
        for (Path file : checkpointFiles(runDir)) {
            try {
                java.util.regex.Matcher matcher = DONE.matcher(Files.readString(file));
                items += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
            } catch (IOException e) {
                // being written; counted next time
            }
        }
        return items;
    }

    /**
     * Starts the command, waits until {@code units} units holding at least {@code items} items are
     * checkpointed, kills the JVM; returns the checkpoints it left.
     */
    private long killAfter(Path runDir, int units, long items, String... args) throws Exception {
        JarCli.Running running = JarCli.start(work, args);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((checkpoints(runDir) < units || checkpointedItems(runDir) < items) && running.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running.isAlive()).as("the run ended before it could be killed: " + running.errSoFar()).isTrue();
        running.kill();
        running.handle().onExit().get();
        return checkpoints(runDir);
    }

    @Test
    void deleteWhereKilledMidwayAndResumedEndsInTheUninterruptedState() throws Exception {
        String table = LocalDynamo.uniqueTable("resume-del");
        List<Map<String, AttributeValue>> items = table(table, 5000);
        List<Map<String, AttributeValue>> kept = items.stream().filter(item -> !item.containsKey("n")
                || Integer.parseInt(item.get("n").n()) >= 5).toList();
        long matched = items.size() - kept.size();
        Path runDir = work.resolve("delete-run");
        String[] command = {"delete", "--endpoint", DYNAMO.endpoint(), "--table", table, "--where", "n < 5", "--yes",
                "--XMaxWriteRate", "400", "--master", MASTER};

        long done = killAfter(runDir, 3, 100, concat(command, "--output", runDir.toString()));
        long left = DYNAMO.countByScan(table);
        JarCli.Result resumed = JarCli.run(work, TIMEOUT, concat(command, "--resume", runDir.toString()));

        assertThat(done).isGreaterThanOrEqualTo(3);
        assertThat(left).as("the killed run deleted some, not all").isGreaterThan(kept.size()).isLessThan(items.size());
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.err()).contains("Resuming run").contains("units already done");
        assertThat(MutationsTest.scan(table, KEYS).keySet())
                .isEqualTo(kept.stream().map(item -> MutationsTest.key(item, KEYS)).collect(java.util.stream.Collectors.toSet()));
        // Deleted by the finished units (either run) plus already gone (deleted by the killed run in unfinished units).
        long deleted = Long.parseLong(resumed.out().replaceAll("(?s).*Deleted ([\\d,]+) items.*", "$1").replace(",", ""));
        long gone = resumed.err().contains("already gone")
                ? Long.parseLong(resumed.err().replaceAll("(?s).*?([\\d,]+) matched items were already gone.*", "$1").replace(",", ""))
                : 0;
        assertThat(deleted + gone).isEqualTo(matched);
    }

    /**
     * The resumed truncate rescans and no longer meets what the killed run deleted in its unfinished
     * units: only the killed run's journal can tell. A kill loses at most the confirmations of the
     * journal's last period (100 ms, here at most 100 deletes at 1,000 units/s) and the replies in
     * flight; before the journal, everything the unfinished units had deleted (thousands here) was
     * missing from the total.
     */
    @Test
    void truncateKilledMidwayAndResumedCountsWhatTheKilledRunDeleted() throws Exception {
        String table = LocalDynamo.uniqueTable("resume-trunc");
        table(table, 10_000);
        Path runDir = work.resolve("truncate-run");
        String[] command = {"truncate", "--endpoint", DYNAMO.endpoint(), "--table", table, "--yes", "--segments", "4",
                "--XMaxWriteRate", "1000", "--master", MASTER};
        JarCli.Running running = JarCli.start(work, concat(command, "--output", runDir.toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // Two units done (about 5,000 items) and the other two well under way.
        while ((checkpoints(runDir) < 2 || DYNAMO.countByScan(table) > 4_000) && running.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running.isAlive()).as("the run ended before it could be killed: " + running.errSoFar()).isTrue();
        running.kill();
        running.handle().onExit().get();
        long left = DYNAMO.countByScan(table);
        JarCli.Result resumed = JarCli.run(work, TIMEOUT, concat(command, "--resume", runDir.toString(), "--output",
                runDir.toString()));

        assertThat(checkpoints(runDir)).isEqualTo(4);
        assertThat(left).isPositive().isLessThanOrEqualTo(4_000);
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(DYNAMO.countByScan(table)).isZero();
        long deleted = Long.parseLong(resumed.out().replaceAll("(?s).*Deleted ([\\d,]+) items.*", "$1").replace(",", ""));
        assertThat(deleted).as(resumed.all()).isBetween(10_000L - 200, 10_000L);
    }

    @Test
    void copyKilledMidwayAndResumedEndsWithTheTargetEqualToTheSource() throws Exception {
        String source = LocalDynamo.uniqueTable("resume-src");
        table(source, 5000);
        String target = LocalDynamo.uniqueTable("resume-dst");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        Path runDir = work.resolve("copy-run");
        String[] command = {"copy", "--endpoint", DYNAMO.endpoint(), "--source", source, "--target", target, "--yes",
                "--segments", "40", "--XMaxWriteRate", "600", "--master", MASTER};

        long done = killAfter(runDir, 4, 500, concat(command, "--output", runDir.toString()));
        long copiedBeforeKill = DYNAMO.countByScan(target);
        JarCli.Result resumed = JarCli.run(work, TIMEOUT, concat(command, "--resume", runDir.toString()));

        assertThat(done).isGreaterThanOrEqualTo(4).isLessThan(40);
        assertThat(copiedBeforeKill).isPositive().isLessThan(5000);
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.out()).contains("Total records copied: 5,000");
        assertThat(MutationsTest.scan(target, KEYS)).isEqualTo(MutationsTest.scan(source, KEYS));
    }

    @Test
    void ctrlCStopsAnUpdateCleanlyWithAResumeHintAndTheResumeFinishesIt() throws Exception {
        String table = LocalDynamo.uniqueTable("resume-upd");
        table(table, 4000);
        Path runDir = work.resolve("update-run");
        String[] command = {"update", "--endpoint", DYNAMO.endpoint(), "--table", table, "--generator", "touched",
                "--segments", "32", "--XMaxWriteRate", "300", "--master", MASTER};
        JarCli.Running running = JarCli.start(work, concat(command, "--output", runDir.toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((checkpoints(runDir) < 2 || checkpointedItems(runDir) < 100) && running.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-INT", String.valueOf(running.handle().pid())).start().waitFor();
        JarCli.Result interrupted = running.await(TIMEOUT);

        assertThat(interrupted.exitCode()).as(interrupted.all()).isEqualTo(130);
        assertThat(interrupted.err()).contains("Ctrl-C: cancelling the Spark job").contains("--resume " + runDir).contains("Nothing is lost");
        assertThat(Files.readString(runDir.resolve("summary.json"))).contains("\"status\":\"interrupted\"");
        long touched = MutationsTest.scan(table, KEYS).values().stream().filter(item -> item.containsKey("touched")).count();
        assertThat(touched).isBetween(1L, 3999L);

        JarCli.Result resumed = JarCli.run(work, TIMEOUT, concat(command, "--resume", runDir.toString()));

        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.out()).as(interrupted.all() + "\n---\n" + resumed.all()).contains("Processed 4,000 records");
        assertThat(MutationsTest.scan(table, KEYS).values()).hasSize(4000).allMatch(item -> item.containsKey("touched"));
        try (Stream<Path> failures = Files.exists(runDir.resolve("failures")) ? Files.list(runDir.resolve("failures"))
                : Stream.empty()) {
            assertThat(failures.toList()).as("failure files of interrupted units are gone once they are done").isEmpty();
        }
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }
}

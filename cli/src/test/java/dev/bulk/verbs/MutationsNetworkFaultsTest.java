package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.testing.Cli;
import dev.bulk.testing.FaultyDynamoProxy;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * delete and update through a hand-written fake (a proxy in front of DynamoDB Local) that loses
 * replies (the write is applied, the answer never arrives) or is down (no answer at all), which
 * DynamoDB Local never does: a write whose reply was lost is counted as what it was, never as a
 * failed condition or someone else's delete, and a dead endpoint ends the run in bounded time with
 * every item not written in the failure file.
 */
class MutationsNetworkFaultsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path out;

    private static Cli.Result through(FaultyDynamoProxy proxy, String... args) {
        Cli.shareSpark();
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        all[1] = "--endpoint";
        all[2] = proxy.endpoint();
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return Cli.run(all);
    }

    private static void table(String name, int count) {
        assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        DYNAMO.putAll(name, RichItems.items(count));
    }

    @Test
    void deleteWithLostRepliesCountsEveryItemDeletedAndNoneAlreadyGone() throws IOException {
        String table = LocalDynamo.uniqueTable("lost-del");
        table(table, 300);
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().dropReplies("DeleteItem", 40);
        Path runDir = out.resolve("d");
        Cli.Result delete;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            delete = through(proxy, "delete", "--table", table, "--yes", "--output", runDir.toString());
        }

        assertThat(faults.repliesDropped()).as(faults.toString()).isEqualTo(40);
        assertThat(faults.proxyFailures()).isZero();
        assertThat(MutationsTest.scan(table, PK_SK)).isEmpty();
        assertThat(delete.exitCode()).as(delete.all() + faults).isZero();
        assertThat(delete.out()).contains("Deleted 300 items");
        assertThat(delete.err()).doesNotContain("already gone").contains("confirmed gone after a lost reply");
        String summary = Files.readString(runDir.resolve("summary.json"));
        assertThat(summary).contains("\"deleted\":300").contains("\"alreadyGone\":0");
        assertThat(count(summary, "deletedAfterLostReply")).isBetween(1L, 40L);
    }

    @Test
    void updateWithLostRepliesCountsEveryItemUpdatedAndNoConditionFailed() throws IOException {
        String table = LocalDynamo.uniqueTable("lost-upd");
        table(table, 300);
        // From the 10th call on: the first few are the updater check's probes, which write nothing.
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().dropReplies("UpdateItem", 10, 40);
        Path runDir = out.resolve("u");
        Cli.Result update;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            update = through(proxy, "update", "--table", table, "--generator", "touched", "--yes", "--output", runDir.toString());
        }

        assertThat(faults.repliesDropped()).as(faults.toString()).isEqualTo(40);
        assertThat(MutationsTest.scan(table, PK_SK).values()).hasSize(300).allMatch(item -> item.containsKey("touched"));
        assertThat(update.exitCode()).as(update.all() + faults).isZero();
        assertThat(update.out()).contains("Processed 300 records: (300 updates, 0 non-updates, 0 conditions failed)");
        assertThat(update.err()).contains("confirmed after a lost reply").doesNotContain("unknown outcome");
        String summary = Files.readString(runDir.resolve("summary.json"));
        assertThat(summary).contains("\"conditionsFailed\":0").contains("\"outcomeUnknown\":0");
        assertThat(count(summary, "updatedAfterLostReply")).isBetween(1L, 40L);
    }

    @Test
    void deleteAgainstAnEndpointThatStaysDownEndsInBoundedTimeWithEveryUndeletedItemInTheFailureFile() throws IOException {
        String table = LocalDynamo.uniqueTable("dead-del");
        table(table, 300);
        // --where stages the keys first, so the endpoint dies while the deletes run, not during the scan.
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().endpointDownAfter("DeleteItem", 60);
        Path runDir = out.resolve("dead");
        long start = System.nanoTime();
        Cli.Result delete;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            delete = through(proxy, "delete", "--table", table, "--where", "sk >= 0", "--XWriteDeadline", "3", "--yes",
                    "--output", runDir.toString());
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(faults.isDown()).isTrue();
        assertThat(faults.refusedWhileDown()).isPositive();
        assertThat(delete.exitCode()).as(delete.all() + faults).isEqualTo(3);
        // Before: every writer waited on a budget ever deeper in debt, for minutes.
        assertThat(seconds).as(delete.all()).isLessThan(90);
        Set<Map<String, AttributeValue>> remaining = MutationsTest.scan(table, PK_SK).keySet();
        Set<Map<String, AttributeValue>> listed = failedKeys(runDir);
        assertThat(remaining).isNotEmpty();
        assertThat(listed).containsAll(remaining);
        long deleted = 300 - remaining.size();
        assertThat(delete.out()).contains(String.format("Deleted %,d items", deleted));
        assertThat(delete.err()).contains(String.format("%,d items failed", listed.size()));
    }

    @Test
    void deleteThroughAShortOutageDeletesEverythingOnceTheEndpointIsBack() throws Exception {
        String table = LocalDynamo.uniqueTable("outage-del");
        table(table, 300);
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().endpointDownAfter("DeleteItem", 60);
        Thread revive = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (faults.refusedWhileDown() < 100 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            faults.endpointUp();
        }, "revive-endpoint");
        revive.setDaemon(true);
        revive.start();
        Cli.Result delete;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            delete = through(proxy, "delete", "--table", table, "--where", "sk >= 0", "--XWriteDeadline", "120", "--yes",
                    "--output", out.resolve("outage").toString());
        }
        revive.join(60_000);

        assertThat(faults.refusedWhileDown()).as(faults.toString()).isGreaterThanOrEqualTo(100);
        assertThat(MutationsTest.scan(table, PK_SK)).isEmpty();
        assertThat(delete.exitCode()).as(delete.all() + faults).isZero();
        assertThat(delete.out()).contains("Deleted 300 items");
        assertThat(delete.err()).doesNotContain("already gone");
    }

    @Test
    void aWriteDeadlineOutOfRangeIsRefusedWithNothingDeleted() {
        String table = LocalDynamo.uniqueTable("deadline-bad");
        table(table, 20);

        Cli.Result delete = Cli.local("delete", "--table", table, "--XWriteDeadline", "0", "--yes", "--output",
                out.resolve("bad").toString());

        assertThat(delete.exitCode()).as(delete.all()).isEqualTo(2);
        assertThat(delete.err()).contains("--XWriteDeadline: must be between 1 and 3600 seconds, got 0");
        assertThat(MutationsTest.scan(table, PK_SK)).hasSize(20);
    }

    private static long count(String summary, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(summary);
        assertThat(matcher.find()).as(name + " in " + summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** The keys of every line of the run's failure files. */
    private static Set<Map<String, AttributeValue>> failedKeys(Path runDir) throws IOException {
        Path failures = runDir.resolve("failures");
        if (!Files.exists(failures)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(failures)) {
            return files.filter(Files::isRegularFile).flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(line -> !line.isBlank()).map(MutationsNetworkFaultsTest::keyOf).collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static Map<String, AttributeValue> keyOf(String line) {
        return MutationsTest.key(DynamoJson.parseItem(AttributeValues.parseJson(line).get("item")), PK_SK);
    }
}

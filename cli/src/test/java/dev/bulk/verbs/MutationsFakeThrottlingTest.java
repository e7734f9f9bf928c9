package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.FaultyDynamoProxy;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * delete, update and copy through a hand-written fake (a proxy in front of DynamoDB Local) that
 * throttles, fails with 5xx and returns UnprocessedItems, which DynamoDB Local never does: no item
 * is lost and the counts are exact.
 */
class MutationsFakeThrottlingTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

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

    private static List<Map<String, AttributeValue>> table(String name, int count) {
        assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = RichItems.items(count);
        DYNAMO.putAll(name, items);
        return items;
    }

    private static String pitr(String status) {
        return "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\",\"PointInTimeRecoveryDescription\":"
                + "{\"PointInTimeRecoveryStatus\":\"" + status + "\"}}}";
    }

    @Test
    void pitrOffRefusesEveryMutationUnlessOverriddenLoudlyAndPitrOnPasses() {
        // DynamoDB Local lacks DescribeContinuousBackups; the fake answers it as real DynamoDB would.
        String table = LocalDynamo.uniqueTable("fake-pitr");
        List<Map<String, AttributeValue>> items = table(table, 40);
        String target = LocalDynamo.uniqueTable("fake-pitr-dst");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().answer("DescribeContinuousBackups", pitr("DISABLED"));
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            List<Cli.Result> refused = List.of(
                    through(proxy, "delete", "--table", table, "--output", out.resolve("p1").toString()),
                    through(proxy, "truncate", "--table", table, "--output", out.resolve("p2").toString()),
                    through(proxy, "update", "--table", table, "--generator", "touched", "--output", out.resolve("p3").toString()),
                    through(proxy, "copy", "--source", table, "--target", target, "--output", out.resolve("p4").toString()));
            for (Cli.Result result : refused) {
                assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
                assertThat(result.err()).contains("point-in-time recovery (PITR) must be enabled");
            }
            assertThat(MutationsTest.scan(table, List.of("pk", "sk"))).hasSize(40)
                    .allSatisfy((key, item) -> assertThat(item).doesNotContainKey("touched"));
            assertThat(DYNAMO.countByScan(target)).isZero();

            Cli.Result overridden = through(proxy, "update", "--table", table, "--generator", "touched", "--skip-pitr-check",
                    "--output", out.resolve("p5").toString());
            assertThat(overridden.exitCode()).as(overridden.all()).isZero();
            assertThat(overridden.err()).contains("WARNING: --skip-pitr-check");

            faults.answer("DescribeContinuousBackups", pitr("ENABLED"));
            Cli.Result enabled = through(proxy, "copy", "--source", table, "--target", target, "--output",
                    out.resolve("p6").toString());
            assertThat(enabled.exitCode()).as(enabled.all()).isZero();
            assertThat(enabled.err()).doesNotContain("point-in-time");
        }
        assertThat(DYNAMO.countByScan(target)).isEqualTo(items.size());
    }

    @Test
    void deleteThroughThrottlesAnd5xxDeletesEveryMatchAndCountsExactly() {
        String table = LocalDynamo.uniqueTable("fake-del");
        List<Map<String, AttributeValue>> items = table(table, 300);
        long matches = items.stream().filter(item -> !item.get("pk").s().equals("p0")).count();
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().throttleEvery("DeleteItem", 10)
                .serverErrorEvery("DeleteItem", 23).serverErrorEvery("Scan", 7);
        Cli.Result delete;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            delete = through(proxy, "delete", "--table", table, "--where", "pk <> 'p0'", "--output", out.resolve("d").toString());
        }

        assertThat(delete.exitCode()).as(delete.all() + faults).isZero();
        assertThat(delete.out()).contains(String.format("Deleted %,d items", matches));
        assertThat(faults.throttles()).isPositive();
        assertThat(faults.serverErrors()).isPositive();
        assertThat(faults.proxyFailures()).isZero();
        assertThat(MutationsTest.scan(table, List.of("pk", "sk")).keySet())
                .allMatch(key -> key.get("pk").s().equals("p0")).hasSize((int) (items.size() - matches));
    }

    @Test
    void updateThroughThrottlesUpdatesEveryItemOnce() {
        String table = LocalDynamo.uniqueTable("fake-upd");
        table(table, 300);
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().throttleEvery("UpdateItem", 10)
                .serverErrorEvery("UpdateItem", 29);
        Cli.Result update;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            update = through(proxy, "update", "--table", table, "--generator", "touched", "--output", out.resolve("u").toString());
        }

        assertThat(update.exitCode()).as(update.all() + faults).isZero();
        assertThat(update.out()).contains("Processed 300 records: (300 updates, 0 non-updates, 0 conditions failed)");
        assertThat(faults.throttles()).isPositive();
        assertThat(MutationsTest.scan(table, List.of("pk", "sk")).values()).hasSize(300).allMatch(item -> item.containsKey("touched"));
    }

    @Test
    void copyThroughUnprocessedItemsAndThrottlesArrivesComplete() {
        String source = LocalDynamo.uniqueTable("fake-src");
        List<Map<String, AttributeValue>> items = table(source, 700);
        String target = LocalDynamo.uniqueTable("fake-dst");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().unprocessedFraction(0.3)
                .throttleEvery("BatchWriteItem", 5).serverErrorEvery("BatchWriteItem", 9);
        Cli.Result copy;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            copy = through(proxy, "copy", "--source", source, "--target", target, "--output", out.resolve("c").toString());
        }

        assertThat(copy.exitCode()).as(copy.all() + faults).isZero();
        assertThat(copy.out()).contains("Total records copied: 700");
        assertThat(faults.unprocessed()).isPositive();
        assertThat(faults.throttles()).isPositive();
        assertThat(MutationsTest.scan(target, List.of("pk", "sk"))).isEqualTo(MutationsTest.scan(source, List.of("pk", "sk")));
        assertThat(MutationsTest.scan(target, List.of("pk", "sk"))).hasSize(items.size());
    }
}

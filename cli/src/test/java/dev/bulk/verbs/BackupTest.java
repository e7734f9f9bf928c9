package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.FaultyDynamoProxy;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --backup: DynamoDB Local has no CreateBackup (it answers UnknownOperationException), so there the
 * run warns and goes on; the backup itself is seen through {@link FaultyDynamoProxy}, a
 * hand-written double in front of DynamoDB Local that answers CreateBackup as DynamoDB does and
 * records the order requests arrive in, so a test sees the backup asked for before the first write.
 */
class BackupTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01733360000000-abcd1234";
    private static final String CREATED = "{\"BackupDetails\":{\"BackupArn\":\"" + ARN + "\",\"BackupName\":\"b\","
            + "\"BackupSizeBytes\":0,\"BackupStatus\":\"CREATING\",\"BackupType\":\"USER\","
            + "\"BackupCreationDateTime\":1733360000.0}}";
    private static final Set<String> WRITES = Set.of("BatchWriteItem", "PutItem", "DeleteItem", "UpdateItem",
            "TransactWriteItems");

    @TempDir
    Path out;

    private static String table(String prefix) {
        String name = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        DYNAMO.putAll(name, RichItems.items(60));
        return name;
    }

    private static Cli.Result through(FaultyDynamoProxy proxy, List<String> args) {
        Cli.shareSpark();
        List<String> all = new ArrayList<>();
        all.add(args.get(0));
        all.add("--endpoint");
        all.add(proxy.endpoint());
        all.addAll(args.subList(1, args.size()));
        return Cli.run(all.toArray(new String[0]));
    }

    @Test
    void onDynamoDbLocalTheRunWarnsAndGoesOn() throws IOException {
        String table = table("bk-local");
        Path run = out.resolve("run");

        Cli.Result delete = Cli.local("delete", "--table", table, "--where", "sk < 10", "--backup", "--yes", "--output",
                run.toString());

        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(delete.err()).contains("bulk: warning: no backup of '" + table + "' was taken")
                .contains("UnknownOperationException").contains("going on without one");
        assertThat(delete.out()).contains("Deleted 10 items");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(50);
        assertThat(Files.readString(run.resolve("summary.json"))).contains("\"backup\":{\"table\":\"" + table + "\"")
                .contains("\"status\":\"UNSUPPORTED\"");
    }

    /** Each writing verb's command line, from (the table written, another table with items, a CSV file). */
    static Stream<Arguments> verbs() {
        return Stream.of(
                verb("delete --where", "delete", (t, o) -> List.of("delete", "--table", t, "--where", "sk < 10")),
                verb("truncate", "truncate", (t, o) -> List.of("truncate", "--table", t)),
                verb("update", "update", (t, o) -> List.of("update", "--table", t, "--generator", "touched")),
                verb("copy (backs up the target)", "copy", (t, o) -> List.of("copy", "--source", o, "--target", t)),
                verb("load", "load", (t, o) -> List.of("load", "--table", t, "--format", "csv", "--s3-path", o)));
    }

    private static Arguments verb(String name, String verb, BiFunction<String, String, List<String>> line) {
        return Arguments.of(name, verb, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verbs")
    void theBackupIsAskedForBeforeTheFirstWriteAndItsArnReported(String name, String verb,
            BiFunction<String, String, List<String>> line) throws IOException {
        String written = table("bk");
        String other = verb.equals("load") ? csv().toString() : table("bk-src");
        Path run = out.resolve("run");
        List<String> args = new ArrayList<>(line.apply(written, other));
        args.addAll(List.of("--backup", "--yes", "--output", run.toString()));
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().answer("CreateBackup", CREATED);
        List<String> order;
        List<String> backedUp;
        Cli.Result result;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            result = through(proxy, args);
            order = proxy.seen().order();
            backedUp = proxy.seen().tables("CreateBackup");
        }

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(backedUp).as(name).containsExactly(written);
        int backup = order.indexOf("CreateBackup");
        List<String> before = order.subList(0, backup);
        List<String> after = order.subList(backup + 1, order.size());
        // update's check sends at most three UpdateItems whose condition cannot hold: they write nothing.
        long probes = before.stream().filter("UpdateItem"::equals).count();
        assertThat(before.stream().filter(op -> WRITES.contains(op) && !op.equals("UpdateItem"))).as(order.toString()).isEmpty();
        assertThat(probes).as(order.toString()).isLessThanOrEqualTo(verb.equals("update") ? 3 : 0);
        assertThat(after.stream().filter(WRITES::contains)).as(order.toString()).isNotEmpty();
        assertThat(result.err()).contains("Backup of '" + written + "' before the changes: " + ARN + " (CREATING");
        String summary = Files.readString(run.resolve("summary.json"));
        assertThat(summary).contains("\"backup\":{\"table\":\"" + written + "\"").contains("\"arn\":\"" + ARN + "\"")
                .contains("\"name\":\"bulk-");
    }

    @Test
    void aDryRunSaysItWouldBackUpAndAsksForNone() {
        String table = table("bk-dry");
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().answer("CreateBackup", CREATED);
        Cli.Result result;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            result = through(proxy, List.of("truncate", "--table", table, "--backup", "--dry-run", "--output",
                    out.resolve("dry").toString()));
        }

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(faults.calls("CreateBackup")).isZero();
        assertThat(result.err()).contains("--dry-run: would take an on-demand backup 'bulk-").contains("of '" + table + "' first");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(60);
    }

    private Path csv() throws IOException {
        Path file = out.resolve("in.csv");
        Files.writeString(file, "pk,sk,name\nnew-a,1,x\nnew-b,2,y\n");
        return file;
    }
}

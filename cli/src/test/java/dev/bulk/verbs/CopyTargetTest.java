package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * copy --create-target (a missing target made like the source: keys, indexes, billing) and copy
 * --where … --replace-range (the target's items in the range become exactly the source's), against
 * DynamoDB Local, each table checked with the test's own DescribeTable and scans.
 */
class CopyTargetTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path out;

    /** A provisioned source with a GSI projecting one more attribute and an LSI projecting keys only. */
    private static String indexedSource() {
        String name = LocalDynamo.uniqueTable("ct-src");
        DYNAMO.client().createTable(r -> r.tableName(name)
                .attributeDefinitions(definition("pk", ScalarAttributeType.S), definition("sk", ScalarAttributeType.N),
                        definition("name", ScalarAttributeType.S), definition("a", ScalarAttributeType.N))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(5L))
                .globalSecondaryIndexes(g -> g.indexName("byName").keySchema(key("name", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("size"))
                        .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(2L)))
                .localSecondaryIndexes(l -> l.indexName("byA").keySchema(key("pk", KeyType.HASH), key("a", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
        DYNAMO.client().waiter().waitUntilTableExists(r -> r.tableName(name));
        DYNAMO.putAll(name, RichItems.items(90));
        return name;
    }

    private static AttributeDefinition definition(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static TableDescription describe(String table) {
        return DYNAMO.client().describeTable(r -> r.tableName(table)).table();
    }

    private static boolean exists(String table) {
        try {
            describe(table);
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private String[] copy(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--output";
        all[args.length + 1] = out.resolve("run").toString();
        return all;
    }

    @Test
    void createTargetMakesTheTableLikeTheSourceAndCopiesEveryItem() {
        String source = indexedSource();
        String target = LocalDynamo.uniqueTable("ct-new");

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--create-target", "--yes"));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err()).contains("Created table '" + target + "'");
        TableDescription from = describe(source);
        TableDescription to = describe(target);
        assertThat(to.keySchema()).isEqualTo(from.keySchema());
        assertThat(new HashSet<>(to.attributeDefinitions())).isEqualTo(new HashSet<>(from.attributeDefinitions()));
        assertThat(to.billingModeSummary() == null ? BillingMode.PROVISIONED : to.billingModeSummary().billingMode())
                .isEqualTo(BillingMode.PROVISIONED);
        assertThat(to.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
        assertThat(to.provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
        GlobalSecondaryIndexDescription gsi = to.globalSecondaryIndexes().get(0);
        GlobalSecondaryIndexDescription sourceGsi = from.globalSecondaryIndexes().get(0);
        assertThat(to.globalSecondaryIndexes()).hasSize(1);
        assertThat(gsi.indexName()).isEqualTo("byName");
        assertThat(gsi.keySchema()).isEqualTo(sourceGsi.keySchema());
        assertThat(gsi.projection()).isEqualTo(sourceGsi.projection());
        assertThat(gsi.provisionedThroughput().readCapacityUnits()).isEqualTo(3L);
        LocalSecondaryIndexDescription lsi = to.localSecondaryIndexes().get(0);
        assertThat(to.localSecondaryIndexes()).hasSize(1);
        assertThat(lsi.indexName()).isEqualTo("byA");
        assertThat(lsi.keySchema()).isEqualTo(from.localSecondaryIndexes().get(0).keySchema());
        assertThat(lsi.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(MutationsTest.scan(target, PK_SK)).hasSize(90).isEqualTo(MutationsTest.scan(source, PK_SK));
    }

    @Test
    void aMissingTargetWithoutCreateTargetIsRefusedNamingTheFlag() {
        String source = indexedSource();
        String target = LocalDynamo.uniqueTable("ct-missing");

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--yes"));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err().strip().lines().toList()).as(result.err()).hasSize(1);
        assertThat(result.err()).contains("--target").contains("'" + target + "' does not exist").contains("--create-target");
        assertThat(exists(target)).isFalse();
    }

    @Test
    void createTargetRefusesAnExistingTargetWithAnotherKey() {
        String source = indexedSource();
        String target = LocalDynamo.uniqueTable("ct-other-key");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S").exitCode()).isZero();

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--create-target", "--yes"));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err()).contains("key schemas must match");
        assertThat(DYNAMO.countByScan(target)).isZero();
    }

    @Test
    void aDryRunSaysWhatWouldBeCreatedAndCreatesNothing() {
        String source = indexedSource();
        String target = LocalDynamo.uniqueTable("ct-dry");

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--create-target", "--dry-run"));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("--dry-run: would create table '" + target + "'")
                .contains("key pk:S, sk:N; GSI byName (name:S, INCLUDE); LSI byA (pk:S, a:N, KEYS_ONLY); provisioned 7 RCU / 5 WCU")
                .contains("nothing was created or written");
        assertThat(exists(target)).isFalse();
    }

    @Test
    void replaceRangeMakesTheTargetsRangeExactlyTheSourcesAndLeavesTheRestAlone() throws IOException {
        String source = LocalDynamo.uniqueTable("rr-src");
        String target = LocalDynamo.uniqueTable("rr-dst");
        for (String table : List.of(source, target)) {
            assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        }
        DYNAMO.putAll(source, RichItems.items(60));
        // The target: in the range pk = 'p1', five items the source lacks and one it has with other contents;
        // out of the range, items the source lacks and one it has with other contents.
        for (int sk = 1000; sk < 1005; sk++) {
            DYNAMO.putAll(target, List.of(item("p1", sk, "stale")));
        }
        DYNAMO.putAll(target, List.of(item("p1", 1, "old"), item("p2", 2000, "outside"), item("p2", 2, "old-outside")));

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--where", "pk = 'p1'",
                "--replace-range", "--yes"));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Total records copied: 10").contains("Deleted 5 items of the range");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after = MutationsTest.scan(target, PK_SK);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> sourceRange = inRange(MutationsTest.scan(source, PK_SK));
        assertThat(inRange(after)).isEqualTo(sourceRange).hasSize(10);
        assertThat(after).hasSize(12);
        assertThat(after.get(MutationsTest.key(item("p2", 2000, ""), PK_SK)).get("s").s()).isEqualTo("outside");
        assertThat(after.get(MutationsTest.key(item("p2", 2, ""), PK_SK)).get("s").s()).isEqualTo("old-outside");
        String summary = Files.readString(out.resolve("run").resolve("summary.json"));
        assertThat(summary).contains("\"copied\":10").contains("\"deletedFromRange\":5");
    }

    @Test
    void aReplaceRangeDryRunCountsWhatWouldGoAndChangesNothing() {
        String source = LocalDynamo.uniqueTable("rr-dry-src");
        String target = LocalDynamo.uniqueTable("rr-dry-dst");
        for (String table : List.of(source, target)) {
            assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        }
        DYNAMO.putAll(source, RichItems.items(60));
        DYNAMO.putAll(target, List.of(item("p3", 3000, "stale"), item("p3", 3001, "stale"), item("p4", 4000, "outside")));
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> before = MutationsTest.scan(target, PK_SK);

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--where", "pk = 'p3'",
                "--replace-range", "--dry-run"));

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("--dry-run: would copy 10 items")
                .contains("--dry-run: would delete 2 items of the range from '" + target + "'");
        assertThat(MutationsTest.scan(target, PK_SK)).isEqualTo(before);
    }

    @Test
    void replaceRangeWithoutARangeIsRefusedAndChangesNothing() {
        String source = LocalDynamo.uniqueTable("rr-none-src");
        String target = LocalDynamo.uniqueTable("rr-none-dst");
        for (String table : List.of(source, target)) {
            assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        }
        DYNAMO.putAll(source, RichItems.items(12));
        DYNAMO.putAll(target, List.of(item("p9", 9, "keep")));

        Cli.Result result = Cli.local("copy", copy("--source", source, "--target", target, "--replace-range", "--yes"));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err().strip().lines().toList()).as(result.err()).hasSize(1);
        assertThat(result.err()).startsWith("bulk: --replace-range: needs the range as --where");
        assertThat(DYNAMO.countByScan(target)).isEqualTo(1);
    }

    private static Map<String, AttributeValue> item(String pk, int sk, String s) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(String.valueOf(sk)), "s", AttributeValue.fromS(s));
    }

    private static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> inRange(
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> items) {
        return items.entrySet().stream().filter(entry -> entry.getKey().get("pk").s().equals("p1"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}

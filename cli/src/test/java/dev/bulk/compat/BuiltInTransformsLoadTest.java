package dev.bulk.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.ExportFixture;
import dev.bulk.testing.LocalDynamo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The Bulk Executor's transforms as its users name them (NAME.py), through load-export into DynamoDB Local. */
class BuiltInTransformsLoadTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @TempDir
    Path dir;

    private static List<Map<String, AttributeValue>> people() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("user" + i), "Name", AttributeValue.fromS("Alice Smith"),
                    "status", AttributeValue.fromS(i % 4 == 0 ? "active" : "gone")));
        }
        return items;
    }

    private Map<String, Map<String, AttributeValue>> load(String transform, String exportId) {
        String table = LocalDynamo.uniqueTable("tr");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        Path export = ExportFixture.full(dir, "", exportId, people(), 1);
        Cli.Result load = Cli.local("load-export", "--table", table, "--s3-path", export.toString(), "--transform", transform,
                "--yes", "--output", dir.resolve("run-" + exportId).toString());
        assertThat(load.exitCode()).as(load.all()).isZero();
        Map<String, Map<String, AttributeValue>> byPk = new HashMap<>();
        DYNAMO.client().scanPaginator(ScanRequest.builder().tableName(table).build()).items()
                .forEach(item -> byPk.put(item.get("pk").s(), item));
        return byPk;
    }

    @Test
    void loadOnlyActiveKeepsTheActiveItems() {
        assertThat(load("load_only_active.py", "01700000000001-active00").keySet())
                .containsExactlyInAnyOrder("user0", "user4", "user8");
    }

    @Test
    void piiMaskAndRemoveChangeNameOnly() {
        Map<String, Map<String, AttributeValue>> masked = load("pii_mask_attribute", "01700000000002-masked00");
        assertThat(masked).hasSize(12);
        assertThat(masked.values()).allSatisfy(item -> assertThat(item.get("Name").s()).isEqualTo("A***e S***h"));
        Map<String, Map<String, AttributeValue>> removed = load("pii_remove_attribute.py", "01700000000003-removed0");
        assertThat(removed.values()).allSatisfy(item -> assertThat(item).containsOnlyKeys("pk", "status"));
    }

    @Test
    void pkMd5AddsTheDigestOfThePartitionKey() throws Exception {
        Map<String, Map<String, AttributeValue>> hashed = load("pkmd5_add_attribute.py", "01700000000004-pkmd500");
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String expected = String.format("%032x", new BigInteger(1, md5.digest("user3".getBytes(StandardCharsets.UTF_8))));
        assertThat(hashed.get("user3").get("pk_md5").s()).isEqualTo(expected);
        assertThat(hashed).hasSize(12);
    }
}

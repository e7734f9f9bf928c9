package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code export --output X} then {@code load --s3-path X}: the folder an export wrote loads as it
 * is, its summary.json and Spark's marker files left out, into a table equal to the source (by an
 * SDK scan of both), in every format export writes.
 */
class ExportThenLoadTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path dir;

    /** Items every format keeps exactly: string attributes beside an S partition key and an N sort key. */
    private static String plainTable(int count) {
        String table = LoadTestSupport.table("xl-src", "pk:S", "sk:N");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("p" + i % 7));
            item.put("sk", AttributeValue.fromN(Integer.toString(i)));
            item.put("name", AttributeValue.fromS("name, \"" + i + "\""));
            item.put("city", AttributeValue.fromS(i % 2 == 0 ? "Lyon" : "Oslo"));
            items.add(item);
        }
        DYNAMO.putAll(table, items);
        return table;
    }

    private Cli.Result exportThenLoad(String source, String format, String target) {
        Path folder = dir.resolve(format);
        Cli.Result export = Cli.local("export", "--table", source, "--format", format, "--output", folder.toString());
        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(folder.resolve("summary.json")).exists();
        return LoadTestSupport.load(target, dir.resolve("load-" + format), "--format", format, "--s3-path", folder.toString());
    }

    @Test
    void csvJsonAndParquetExportFoldersLoadIntoAnEqualTable() {
        String source = plainTable(90);
        for (String format : List.of("csv", "json", "parquet")) {
            String target = LoadTestSupport.table("xl-" + format, "pk:S", "sk:N");

            Cli.Result load = exportThenLoad(source, format, target);

            assertThat(load.exitCode()).as(format + "\n" + load.all()).isZero();
            assertThat(load.out()).as(format).contains("Wrote 90 items");
            assertThat(load.err()).as(format).contains("Skipping the run folder's own files: ").contains("summary.json")
                    .contains("refused: 0");
            assertThat(MutationsTest.scan(target, PK_SK)).as(format).isEqualTo(MutationsTest.scan(source, PK_SK));
        }
    }

    @Test
    void aDdbJsonExportFolderLoadsEveryTypeBack() {
        String source = LoadTestSupport.table("xl-rich-src", "pk:S", "sk:N");
        DYNAMO.putAll(source, RichItems.items(60));
        String target = LoadTestSupport.table("xl-rich", "pk:S", "sk:N");

        Cli.Result load = exportThenLoad(source, "ddb-json", target);

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(load.out()).contains("Wrote 60 items");
        assertThat(MutationsTest.scan(target, PK_SK)).isEqualTo(MutationsTest.scan(source, PK_SK)).hasSize(60);
    }
}

package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.ExportFixture;
import dev.bulk.testing.ExportFixture.Change;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.RichItems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * load-export and revert-export against export layouts built on disk by {@link ExportFixture},
 * a real DynamoDB Local and local Spark. Expected table states are computed from the records the
 * test wrote; every refusal is checked to leave the table as it was.
 */
class LoadExportTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");

    @TempDir
    Path dir;

    private String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(dir.resolve("run-" + System.nanoTime()).toString());
        return all.toArray(new String[0]);
    }

    private static String table(String prefix) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        return table;
    }

    private static Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey = new HashMap<>();
        items.forEach(item -> byKey.put(MutationsTest.key(item, PK_SK), MutationsTest.normalized(item)));
        return byKey;
    }

    private static Map<String, AttributeValue> item(String pk, int sk, String status, int version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromN(String.valueOf(sk)));
        item.put("status", AttributeValue.fromS(status));
        item.put("version", AttributeValue.fromN(String.valueOf(version)));
        return item;
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return MutationsTest.key(item, PK_SK);
    }

    @Test
    void aFullExportOfAllTenTypesLoadsExactlyItsItems() {
        String table = table("lx-full");
        List<Map<String, AttributeValue>> items = RichItems.items(120);
        Path export = ExportFixture.full(dir, "exports/daily", "01700000000000-abcd1234", items, 3);

        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--yes"));

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(load.err()).contains("S3 export: 120 items across 4 files (FULL_EXPORT, DYNAMODB_JSON)");
        assertThat(load.err()).contains("Checked the MD5 and record count of 3 data files.");
        assertThat(load.out()).contains("Total items in export: 120").contains("Total items written: 120");
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(items));
    }

    /** Before: a1, a2, a3. Changes: insert a4, update a1 (v1 → v2), delete a2. */
    private record Incremental(List<Map<String, AttributeValue>> before, List<Map<String, AttributeValue>> after,
            List<Change> changes) {
    }

    private static Incremental incremental() {
        Map<String, AttributeValue> a1 = item("a", 1, "active", 1);
        Map<String, AttributeValue> a2 = item("a", 2, "active", 1);
        Map<String, AttributeValue> a3 = item("a", 3, "inactive", 1);
        Map<String, AttributeValue> a4 = item("a", 4, "active", 1);
        Map<String, AttributeValue> a1v2 = item("a", 1, "inactive", 2);
        List<Change> changes = List.of(new Change(keyOf(a4), a4, null), new Change(keyOf(a1), a1v2, a1),
                new Change(keyOf(a2), null, a2));
        return new Incremental(List.of(a1, a2, a3), List.of(a1v2, a3, a4), changes);
    }

    @Test
    void anIncrementalExportAppliesPutsAndDeletesAndRevertExportRestoresTheOldImages() {
        String table = table("lx-incr");
        Incremental case1 = incremental();
        DYNAMO.putAll(table, case1.before());
        Path export = ExportFixture.incremental(dir, "", "01700000000001-incr0001", "NEW_AND_OLD_IMAGES", case1.changes(), 2);

        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--yes"));

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(load.out()).contains("Total items in export: 3").contains("Total items written: 3");
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(case1.after()));

        Cli.Result revert = Cli.local("revert-export", with("--table", table, "--s3-path", export.toString(), "--yes"));

        assertThat(revert.exitCode()).as(revert.all()).isZero();
        assertThat(revert.out()).contains("Total items written: 3");
        // insert a4 → deleted; update a1 → old a1; delete a2 → a2 back
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(case1.before()));
    }

    @Test
    void revertExportRefusesANewImageOnlyExportAndAFullExport() {
        String table = table("lx-rev-no");
        Incremental case1 = incremental();
        DYNAMO.putAll(table, case1.after());
        Path newImage = ExportFixture.incremental(dir, "", "01700000000002-newimage", "NEW_IMAGE", case1.changes(), 1);
        Path full = ExportFixture.full(dir, "", "01700000000003-fullfull", case1.before(), 1);

        Cli.Result noOld = Cli.local("revert-export", with("--table", table, "--s3-path", newImage.toString(), "--yes"));
        Cli.Result notIncremental = Cli.local("revert-export", with("--table", table, "--s3-path", full.toString(), "--yes"));

        assertThat(noOld.exitCode()).as(noOld.all()).isEqualTo(2);
        assertThat(noOld.err()).contains("--s3-path " + newImage + ": revert-export requires output view NEW_AND_OLD_IMAGES");
        assertThat(notIncremental.exitCode()).as(notIncremental.all()).isEqualTo(2);
        assertThat(notIncremental.err()).contains("revert-export requires an incremental export (this one is FULL_EXPORT)");
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(case1.after()));
    }

    @Test
    void aNewImageIncrementalExportLoads() {
        String table = table("lx-newimg");
        Incremental case1 = incremental();
        DYNAMO.putAll(table, case1.before());
        Path export = ExportFixture.incremental(dir, "p", "01700000000004-newimg02", "NEW_IMAGE", case1.changes(), 1);

        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--yes"));

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(case1.after()));
    }

    private Cli.Result refusedLoad(String table, Path export) {
        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--yes"));
        assertThat(load.exitCode()).as(load.all()).isEqualTo(2);
        assertThat(load.err().strip().lines().filter(line -> line.startsWith("bulk:")).count()).as(load.err()).isEqualTo(1);
        assertThat(DYNAMO.countByScan(table)).isZero();
        return load;
    }

    @Test
    void aManifestWhoseMd5DoesNotMatchIsRefusedAndNothingIsWritten() throws Exception {
        String table = table("lx-md5");
        List<Map<String, AttributeValue>> items = RichItems.items(10);
        Path summaryBad = ExportFixture.full(dir, "s", "01700000000005-summary0", items, 1);
        Files.writeString(summaryBad.resolve("manifest-summary.md5"), ExportFixture.md5("other".getBytes()));
        Path filesBad = ExportFixture.full(dir, "f", "01700000000006-files000", items, 1);
        Files.writeString(filesBad.resolve("manifest-files.json"),
                Files.readString(filesBad.resolve("manifest-files.json")).replace("\"itemCount\":10", "\"itemCount\":9"));

        assertThat(refusedLoad(table, summaryBad).err()).contains("--s3-path " + summaryBad
                + ": manifest-summary.json does not match its MD5 in manifest-summary.md5");
        assertThat(refusedLoad(table, filesBad).err()).contains("--s3-path " + filesBad
                + ": manifest-files.json does not match its MD5 in manifest-files.md5");
    }

    @Test
    void aDamagedDataFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        String table = table("lx-data");
        Path export = ExportFixture.full(dir, "", "01700000000007-damaged0", RichItems.items(30), 3);
        Path victim;
        try (var files = Files.list(export.resolve("data"))) {
            victim = files.sorted().skip(1).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(victim, bytes);

        Cli.Result load = refusedLoad(table, export);

        assertThat(load.err()).contains("1 data file is damaged, nothing was written: data/" + victim.getFileName());
    }

    @Test
    void anItemCountThatDiffersFromTheDataFilesIsRefused() throws Exception {
        String table = table("lx-count");
        Path export = ExportFixture.full(dir, "", "01700000000008-count000", RichItems.items(12), 2);
        String summary = Files.readString(export.resolve("manifest-summary.json")).replace("\"itemCount\":12", "\"itemCount\":13");
        ExportFixture.rewriteManifest(export, "manifest-summary", summary);

        assertThat(refusedLoad(table, export).err()).contains("hold 12 items in all, but manifest-summary.json says 13");
    }

    @Test
    void anExportWhoseKeyHasTheWrongTypeIsRefused() {
        String table = table("lx-keytype");
        Map<String, AttributeValue> wrong = new LinkedHashMap<>();
        wrong.put("pk", AttributeValue.fromS("x"));
        wrong.put("sk", AttributeValue.fromS("1"));
        Path export = ExportFixture.full(dir, "", "01700000000009-keytype0", List.of(wrong), 1);

        assertThat(refusedLoad(table, export).err()).contains("the export does not fit --table " + table
                + " (key pk:S, sk:N): line 1 of the first data file: sort key 'sk' must be of type N but the item has S");
    }

    @Test
    void aPathWithoutAnExportFolderOrThatDoesNotExistIsRefused() {
        String table = table("lx-path");
        Path export = ExportFixture.full(dir, "x", "01700000000010-pathpath", RichItems.items(3), 1);

        assertThat(refusedLoad(table, export.getParent()).err()).contains("--s3-path " + export.getParent()
                + ": must be the export's folder, ending in AWSDynamoDB/<export-id>");
        assertThat(refusedLoad(table, dir.resolve("nowhere/AWSDynamoDB/0170-none")).err())
                .contains("--s3-path " + dir.resolve("nowhere/AWSDynamoDB/0170-none") + ": not found");
    }

    @Test
    void anExportMovedToAnotherDepthStillLoads() throws Exception {
        String table = table("lx-moved");
        List<Map<String, AttributeValue>> items = RichItems.items(25);
        Path export = ExportFixture.full(dir, "deep/er/prefix", "01700000000011-moved000", items, 2);
        Path moved = dir.resolve("elsewhere/AWSDynamoDB/01700000000011-moved000");
        Files.createDirectories(moved.getParent());
        Files.move(export, moved);

        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", moved + "/", "--yes"));

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(items));
    }

    @Test
    void anExportWithNoItemsLoadsNothing() {
        String table = table("lx-empty");
        Path export = ExportFixture.full(dir, "", "01700000000012-empty000", List.of(), 1);

        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--yes"));

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(load.out()).contains("Export contains 0 items, nothing to load.");
    }

    @Test
    void dryRunWritesNothingAndCountsWhatItWouldWrite() {
        String table = table("lx-dry");
        Path export = ExportFixture.full(dir, "", "01700000000013-dryrun00", RichItems.items(40), 2);

        Cli.Result dry = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--dry-run"));

        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("--dry-run: would write 40 items to '" + table + "' (nothing was written)");
        assertThat(DYNAMO.countByScan(table)).isZero();
    }

    @Test
    void theShippedExampleTransformKeepsOnlyActiveItems() {
        Path example = Path.of("..", "scripts", "transform", "example.java");
        assertThat(example).exists();
        String table = table("lx-example");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(item("e", i, i % 3 == 0 ? "active" : "inactive", i));
        }
        Path export = ExportFixture.full(dir, "", "01700000000014-example0", items, 2);

        Cli.Result load = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--transform",
                example.toString(), "--yes"));

        assertThat(load.exitCode()).as(load.all()).isZero();
        assertThat(load.out()).contains("Transform '" + example + "': 10 items produced, 20 items excluded out of 30 total");
        assertThat(load.out()).contains("Total items written: 10");
        assertThat(MutationsTest.scan(table, PK_SK))
                .isEqualTo(byKey(items.stream().filter(item -> item.get("status").s().equals("active")).toList()));
    }

    @Test
    void aTransformFansOutAndItsExceptionsGoToTheFailureFileWithTheKey(@TempDir Path scripts) throws Exception {
        Files.createDirectories(scripts.resolve("transform"));
        Files.writeString(scripts.resolve("transform/Twice.java"), """
                import dev.bulk.scripts.ExportTransform;
                import java.util.*;
                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

                public class Twice implements ExportTransform {
                    @Override
                    public List<Map<String, AttributeValue>> transformFull(Map<String, AttributeValue> item) {
                        int sk = Integer.parseInt(item.get("sk").n());
                        if (sk == 7) {
                            throw new IllegalStateException("seven");
                        }
                        Map<String, AttributeValue> copy = new HashMap<>(item);
                        copy.put("sk", AttributeValue.fromN(String.valueOf(1000 + sk)));
                        return List.of(item, copy);
                    }
                }
                """);
        String table = table("lx-fanout");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(item("f", i, "active", i));
        }
        Path export = ExportFixture.full(dir, "", "01700000000015-fanout00", items, 2);
        List<Map<String, AttributeValue>> expected = new ArrayList<>();
        for (Map<String, AttributeValue> original : items) {
            if (original.get("sk").n().equals("7")) {
                continue;
            }
            expected.add(original);
            Map<String, AttributeValue> copy = new HashMap<>(original);
            copy.put("sk", AttributeValue.fromN(String.valueOf(1000 + Integer.parseInt(original.get("sk").n()))));
            expected.add(copy);
        }
        Path run = dir.resolve("fanout-run");

        Cli.Result load = Cli.local("load-export", "--table", table, "--s3-path", export.toString(), "--transform", "Twice",
                "--scripts-dir", scripts.toString(), "--yes", "--output", run.toString());

        assertThat(load.exitCode()).as(load.all()).isEqualTo(3);
        assertThat(load.out()).contains("Transform '" + scripts.resolve("transform/Twice.java") + "': 38 items produced, 0 items excluded out of "
                        + "20 total (1 record(s) failed before the transform produced anything)")
                .contains("Total items written: 38");
        assertThat(MutationsTest.scan(table, PK_SK)).isEqualTo(byKey(expected));
        List<String> failures = new ArrayList<>();
        try (var files = Files.list(run.resolve("failures"))) {
            for (Path file : files.toList()) {
                failures.addAll(Files.readAllLines(file));
            }
        }
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).contains("\"operation\":\"transform\"").contains("\"pk\":{\"S\":\"f\"}")
                .contains("\"sk\":{\"N\":\"7\"}").contains("seven");
    }

    @Test
    void anUnknownTransformIsRefusedBeforeAnythingIsRead() {
        String table = table("lx-notransform");
        Path export = ExportFixture.full(dir, "", "01700000000016-notrans0", RichItems.items(5), 1);

        Cli.Result unknown = Cli.local("load-export", with("--table", table, "--s3-path", export.toString(), "--transform",
                "nope", "--scripts-dir", dir.toString(), "--yes"));

        assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
        assertThat(unknown.err()).contains("--transform nope: transform 'nope' not found");
        assertThat(DYNAMO.countByScan(table)).isZero();
    }
}

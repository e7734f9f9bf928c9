package dev.bulk.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The result lines a script written for the Bulk Executor parses, byte for byte as it prints them:
 * the "...more not printed" counts without separators, the diff lines' spelling, full-format diffs
 * counted by line, load's "Wrote N items" line, and what --s3 on diff does here.
 */
class ReferenceResultLinesTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final int ITEMS = 1_010;
    private static String big;

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        big = LocalDynamo.uniqueTable("lines-big");
        assertThat(Cli.local("create-table", "--table", big, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("k" + i), "n", AttributeValue.fromN(Integer.toString(i))));
        }
        DYNAMO.putAll(big, items);
    }

    private Cli.Result ok(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--output", dir.resolve(verb + "-" + System.nanoTime()).toString()));
        Cli.Result result = Cli.local(verb, all.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result;
    }

    @Test
    void findAndSqlCountTheUnprintedRestWithoutSeparatorsAndCloseWithABlankLine() {
        Cli.Result find = ok("find", "--table", big);
        assertThat(find.out()).startsWith("First 10 matching items:\n").contains("\n...and 1000 more not printed\n\nWrote 1,010 items "
                + "in JSON format to ").endsWith("/\n\n");
        Cli.Result sql = ok("sql", "--table", big, "--query", "SELECT pk FROM `" + big + "`");
        assertThat(sql.out()).startsWith("First 10 result rows:\n").contains("\n...and 1000 more rows not printed\n\nWrote 1,010 rows "
                + "in JSON format to ").endsWith("/\n\n");
        Cli.Result few = ok("find", "--table", big, "--where", "n < 3");
        assertThat(few.out()).startsWith("3 matching items:\n").doesNotContain("not printed");
    }

    @Test
    void diffLinesAreSpelledAsTheReferenceSpellsThemAndAFullChangeCountsTwice() throws IOException {
        String a = LocalDynamo.uniqueTable("lines-a");
        String b = LocalDynamo.uniqueTable("lines-b");
        for (String name : List.of(a, b)) {
            assertThat(Cli.local("create-table", "--table", name, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        }
        DYNAMO.putAll(a, List.of(Map.of("pk", AttributeValue.fromS("café"), "sk", AttributeValue.fromN("1"), "v",
                AttributeValue.fromS("old \"quoted\"")), Map.of("pk", AttributeValue.fromS("gone"), "sk", AttributeValue.fromN("2"))));
        DYNAMO.putAll(b, List.of(Map.of("pk", AttributeValue.fromS("café"), "sk", AttributeValue.fromN("1"), "v",
                AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("2"))))));

        Cli.Result keys = ok("diff", "--table", a, "--table2", b);
        assertThat(keys.out()).startsWith("2 differences:\n"
                + "* {\"pk\": {\"S\": \"caf\\u00e9\"},\"sk\": {\"N\": \"1\"}}\n"
                + "- {\"pk\": {\"S\": \"gone\"},\"sk\": {\"N\": \"2\"}}\n\nWrote 2 differences to ");

        Path full = dir.resolve("full");
        Cli.Result lines = Cli.local("diff", "--table", a, "--table2", b, "--format", "full", "--s3", "--output", full.toString());
        assertThat(lines.exitCode()).as(lines.all()).isZero();
        List<String> expected = List.of(
                "- {\"pk\": {\"S\": \"caf\\u00e9\"},\"sk\": {\"N\": \"1\"},\"v\": {\"S\": \"old \\\"quoted\\\"\"}}",
                "+ {\"pk\": {\"S\": \"caf\\u00e9\"},\"sk\": {\"N\": \"1\"},\"v\": {\"L\": [{\"S\": \"x\"},{\"N\": \"2\"}]}}",
                "- {\"pk\": {\"S\": \"gone\"},\"sk\": {\"N\": \"2\"}}");
        assertThat(lines.out()).startsWith("3 differences:\n" + String.join("\n", expected) + "\n\nWrote 3 differences to ");
        assertThat(Files.readString(full.resolve("summary.json"))).contains("\"differences\":3", "\"changed\":1", "\"removed\":1");
        // --s3 is the reference's "write it to S3": with a local run folder it says where the diff went instead.
        assertThat(lines.err()).contains("--s3: the diff is written to the local run folder; give --output s3://bucket/prefix");
    }

    @Test
    void loadSaysWhatItWroteWithoutSeparators() throws IOException {
        String target = LocalDynamo.uniqueTable("lines-load");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S").exitCode()).isZero();
        StringBuilder csv = new StringBuilder("pk,n\n");
        for (int i = 0; i < 1_200; i++) {
            csv.append("r").append(i).append(',').append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("rows.csv"), csv);
        Cli.Result load = ok("load", "--table", target, "--format", "csv", "--s3-path", file.toString());
        assertThat(load.out()).contains("Wrote 1200 items to '" + target + "'");
        assertThat(DYNAMO.countByScan(target)).isEqualTo(1_200);
    }
}

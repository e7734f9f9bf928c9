package dev.bulk.verbs;

import static dev.bulk.verbs.LoadTestSupport.byPk;
import static dev.bulk.verbs.LoadTestSupport.load;
import static dev.bulk.verbs.LoadTestSupport.n;
import static dev.bulk.verbs.LoadTestSupport.s;
import static dev.bulk.verbs.LoadTestSupport.table;
import static dev.bulk.verbs.LoadTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each CSV option of load changes how a file parses: the same file loads one way with the option
 * and another way (or not at all) without it. Tables are checked by the test's own scan.
 */
class LoadCsvTest {
    @TempDir
    Path dir;

    private Path run(String name) {
        return dir.resolve("runs").resolve(name);
    }

    @Test
    void separatorSplitsOnItsCharacter() {
        Path file = write(dir, "semi.csv", "pk;name\na;x,y\nb;z\n");
        String without = table("csv-sep0", "pk:S", null);
        Cli.Result plain = load(without, run("sep0"), "--format", "csv", "--s3-path", file.toString());
        // Read with ',' the header is one column "pk;name": no row has a pk attribute.
        assertThat(plain.exitCode()).as(plain.all()).isEqualTo(3);
        assertThat(plain.out()).contains("Wrote 0 items");
        assertThat(LoadTestSupport.refusedRows(run("sep0"))).hasSize(2);

        String with = table("csv-sep1", "pk:S", null);
        Cli.Result result = load(with, run("sep1"), "--format", "csv", "--s3-path", file.toString(), "--separator", ";");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Wrote 2 items to '" + with + "'");
        assertThat(byPk(with, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "name", s("x,y")),
                "b", Map.of("pk", s("b"), "name", s("z"))));
    }

    @Test
    void quoteCharQuotesWithItsCharacterAndMinusOneTurnsQuotingOff() {
        Path single = write(dir, "single.csv", "pk,name\na,'x,y'\n");
        String quoted = table("csv-q1", "pk:S", null);
        Cli.Result result = load(quoted, run("q1"), "--format", "csv", "--s3-path", single.toString(), "--quoteChar", "'");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(byPk(quoted, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "name", s("x,y"))));

        String unquoted = table("csv-q0", "pk:S", null);
        Cli.Result plain = load(unquoted, run("q0"), "--format", "csv", "--s3-path", single.toString());
        assertThat(plain.exitCode()).as(plain.all()).isEqualTo(3); // three cells under a two-column header: malformed
        assertThat(LoadTestSupport.refusedRows(run("q0"))).singleElement()
                .satisfies(row -> assertThat(row.get("row").asLong()).isEqualTo(1));

        Path doubled = write(dir, "double.csv", "pk,name\na,\"hi\"\n");
        String off = table("csv-qoff", "pk:S", null);
        Cli.Result disabled = load(off, run("qoff"), "--format", "csv", "--s3-path", doubled.toString(), "--quoteChar", "-1");
        assertThat(disabled.exitCode()).as(disabled.all()).isZero();
        assertThat(byPk(off, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "name", s("\"hi\""))));
        String on = table("csv-qon", "pk:S", null);
        assertThat(load(on, run("qon"), "--format", "csv", "--s3-path", doubled.toString()).exitCode()).isZero();
        assertThat(byPk(on, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "name", s("hi"))));
    }

    @Test
    void escaperEscapesQuotesInsideQuotedValues() {
        Path file = write(dir, "escaped.csv", "pk,name\na,\"say #\"hi#\"\"\n");
        String with = table("csv-esc1", "pk:S", null);
        Cli.Result result = load(with, run("esc1"), "--format", "csv", "--s3-path", file.toString(), "--escaper", "#");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(byPk(with, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "name", s("say \"hi\""))));

        String without = table("csv-esc0", "pk:S", null);
        load(without, run("esc0"), "--format", "csv", "--s3-path", file.toString());
        assertThat(byPk(without, "pk").get("a")).isNotEqualTo(Map.of("pk", s("a"), "name", s("say \"hi\"")));
    }

    @Test
    void escaperAlsoEscapesOutsideQuotesAsGlueDoes() {
        // A separator, a quote and the escaper itself escaped outside quotes; a quote and a separator inside; a
        // row of three columns where the header has two is refused with its row, the rest loads.
        Path file = write(dir, "outside.csv", "pk;name\na;x\\;y\nb;say \\\"hi\\\"\nc;back\\\\slash\n"
                + "d;\"in \\\"quotes\\\"; too\"\ne;one;two\nf;plain\n");
        String table = table("csv-esc-out", "pk:S", null);

        Cli.Result result = load(table, run("esc-out"), "--format", "csv", "--s3-path", file.toString(), "--separator", ";",
                "--escaper", "\\");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        assertThat(result.out()).contains("Wrote 5 items");
        assertThat(result.err()).contains("refused: 1");
        assertThat(byPk(table, "pk")).isEqualTo(Map.of(
                "a", Map.of("pk", s("a"), "name", s("x;y")),
                "b", Map.of("pk", s("b"), "name", s("say \"hi\"")),
                "c", Map.of("pk", s("c"), "name", s("back\\slash")),
                "d", Map.of("pk", s("d"), "name", s("in \"quotes\"; too")),
                "f", Map.of("pk", s("f"), "name", s("plain"))));
    }

    @Test
    void multiLineKeepsQuotedNewlinesInOneValue() {
        Path file = write(dir, "multi.csv", "pk,note\na,\"line1\nline2\"\nb,plain\n");
        String with = table("csv-ml1", "pk:S", null);
        Cli.Result result = load(with, run("ml1"), "--format", "csv", "--s3-path", file.toString(), "--multiLine");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(byPk(with, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "note", s("line1\nline2")),
                "b", Map.of("pk", s("b"), "note", s("plain"))));

        String without = table("csv-ml0", "pk:S", null);
        Cli.Result plain = load(without, run("ml0"), "--format", "csv", "--s3-path", file.toString());
        assertThat(plain.exitCode()).as(plain.all()).isEqualTo(3);
        assertThat(byPk(without, "pk")).doesNotContainEntry("a", Map.of("pk", s("a"), "note", s("line1\nline2")));
    }

    @Test
    void withoutHeaderMappingsNameAndTypeTheColumns() {
        Path file = write(dir, "noheader.csv", "1,alice,3.50,true,12345678901234567890123456789012345678\n2,bob,0.1,false,7\n");
        Path mappings = write(dir, "mappings.json", "{\"mappings\": [[\"col0\", \"string\", \"id\", \"long\"], "
                + "[\"col1\", \"string\", \"name\", \"string\"], [\"col2\", \"string\", \"price\", \"decimal\"], "
                + "[\"col3\", \"string\", \"active\", \"boolean\"], [\"col4\", \"string\", \"big\", \"decimal\"]]}");
        String table = table("csv-map", "id:N", null);
        Cli.Result result = load(table, run("map"), "--format", "csv", "--s3-path", file.toString(), "--withoutHeader",
                "--mappings", mappings.toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
        Map<String, Map<String, AttributeValue>> items = byPk(table, "id");
        assertThat(items).containsOnlyKeys("1", "2");
        assertThat(items.get("1")).isEqualTo(Map.of("id", n("1"), "name", s("alice"), "price", n("3.5"),
                "active", AttributeValue.fromBool(true), "big", n("12345678901234567890123456789012345678")));
        assertThat(items.get("2")).isEqualTo(Map.of("id", n("2"), "name", s("bob"), "price", n("0.1"),
                "active", AttributeValue.fromBool(false), "big", n("7")));
    }

    @Test
    void mappingsWorkWithAHeaderAndABadCellFailsItsRow() {
        Path file = write(dir, "header.csv", "key,count,extra\nk1,5,x\nk2,five,y\n");
        Path mappings = write(dir, "hm.json", "{\"mappings\": [[\"key\", \"string\", \"pk\", \"string\"], "
                + "[\"count\", \"string\", \"count\", \"int\"]]}");
        String table = table("csv-hmap", "pk:S", null);
        Path runDir = run("hmap");
        Cli.Result result = load(table, runDir, "--format", "csv", "--s3-path", file.toString(), "--mappings", mappings.toString());
        assertThat(result.exitCode()).as(result.all()).isEqualTo(3);
        assertThat(byPk(table, "pk")).isEqualTo(Map.of("k1", Map.of("pk", s("k1"), "count", n("5"))));
        assertThat(LoadTestSupport.refusedRows(runDir)).singleElement().satisfies(row -> {
            assertThat(row.get("row").asLong()).isEqualTo(2);
            assertThat(row.get("error").asText()).contains("'five' is not an integer");
        });
    }

    @Test
    void skipFirstSkipsTheFirstDataLine() {
        Path file = write(dir, "units.csv", "pk,v\nunits,text\na,1\n");
        String with = table("csv-skip1", "pk:S", null);
        assertThat(load(with, run("skip1"), "--format", "csv", "--s3-path", file.toString(), "--skipFirst").exitCode()).isZero();
        assertThat(byPk(with, "pk")).isEqualTo(Map.of("a", Map.of("pk", s("a"), "v", s("1"))));
        String without = table("csv-skip0", "pk:S", null);
        assertThat(load(without, run("skip0"), "--format", "csv", "--s3-path", file.toString()).exitCode()).isZero();
        assertThat(byPk(without, "pk")).containsOnlyKeys("units", "a");
    }

    @Test
    void removeEmptyStringAttributesDropsEmptyCells() {
        Path file = write(dir, "empty.csv", "pk,a,b\nk,,x\n");
        String kept = table("csv-empty0", "pk:S", null);
        assertThat(load(kept, run("e0"), "--format", "csv", "--s3-path", file.toString()).exitCode()).isZero();
        assertThat(byPk(kept, "pk")).isEqualTo(Map.of("k", Map.of("pk", s("k"), "a", s(""), "b", s("x"))));
        String dropped = table("csv-empty1", "pk:S", null);
        assertThat(load(dropped, run("e1"), "--format", "csv", "--s3-path", file.toString(), "--removeEmptyStringAttributes")
                .exitCode()).isZero();
        assertThat(byPk(dropped, "pk")).isEqualTo(Map.of("k", Map.of("pk", s("k"), "b", s("x"))));
    }
}

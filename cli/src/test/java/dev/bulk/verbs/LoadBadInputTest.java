package dev.bulk.verbs;

import static dev.bulk.verbs.LoadTestSupport.byPk;
import static dev.bulk.verbs.LoadTestSupport.load;
import static dev.bulk.verbs.LoadTestSupport.table;
import static dev.bulk.verbs.LoadTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad load input: exit 2, one line naming the flag and the value, the table unchanged. */
class LoadBadInputTest {
    @TempDir
    static Path dir;
    private static String table;
    private static Path csv;

    @BeforeAll
    static void setUp() throws Exception {
        table = table("load-bad", "pk:S", null);
        csv = write(dir, "ok.csv", "pk,v\na,1\n");
        write(dir, "bad-mappings.json", "{\"mappings\": [[\"pk\", \"string\", \"pk\", \"uuid\"]]}");
        Files.createDirectories(dir.resolve("empty"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of("--format", "csv", "--s3-path", "%D/missing.csv"), "--s3-path", "missing.csv"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%D/empty"), "--s3-path", "no data files"),
                Arguments.of(List.of("--format", "xml", "--s3-path", "%C"), "--format", "xml"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--jsonPath", "$.a"), "--jsonPath", "--format csv"),
                Arguments.of(List.of("--format", "json", "--s3-path", "%C", "--separator", ";"), "--separator", "--format json"),
                Arguments.of(List.of("--format", "parquet", "--s3-path", "%C", "--multiLine"), "--multiLine", "--format parquet"),
                Arguments.of(List.of("--format", "ddb-json", "--s3-path", "%C", "--skipFirst"), "--skipFirst", "--format ddb-json"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--quoteChar", "ab"), "--quoteChar", "'ab'"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--escaper", "\\\\"), "--escaper", "one character"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--withoutHeader"), "--withoutHeader", "--mappings"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--mappings", "%D/bad-mappings.json"), "--mappings",
                        "uuid"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--mappings", "%D/nope.json"), "--mappings", "nope.json"),
                Arguments.of(List.of("--format", "json", "--s3-path", "%C", "--jsonPath", "$..a"), "--jsonPath", "$..a"),
                Arguments.of(List.of("--format", "csv", "--s3-path", "%C", "--delete-flag", "d"), "--delete-flag", "--merge-latest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithExitTwoAndNothingWritten(List<String> args, String flag, String detail) {
        List<String> all = new ArrayList<>();
        for (String arg : args) {
            all.add(arg.replace("%D", dir.toString()).replace("%C", csv.toString()));
        }
        Cli.Result result = load(table, dir.resolve("runs").resolve("r" + System.nanoTime()), all.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        String message = result.err().lines().filter(line -> line.startsWith("bulk: ")).findFirst().orElse(result.err());
        assertThat(message).contains(flag).contains(detail);
        assertThat(byPk(table, "pk")).isEmpty();
    }
}

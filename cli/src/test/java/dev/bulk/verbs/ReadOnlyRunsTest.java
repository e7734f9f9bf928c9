package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where runs leave their folders: the read-only verbs in $BULK_HOME/runs/ (the newest
 * {@link ReadOnlyRuns#KEPT} finished ones kept), the others in ./bulk-output/ as before, and
 * every verb says where on stderr.
 */
class ReadOnlyRunsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        table = LocalDynamo.uniqueTable("runs");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("k" + i), "n", AttributeValue.fromN(String.valueOf(i))));
        }
        DYNAMO.putAll(table, items);
    }

    @Test
    void readOnlyVerbsKeepTheirRunFoldersInBulkHomeAndSayWhere() {
        for (List<String> command : List.of(List.of("count", "--table", table), List.of("scancount", "--table", table),
                List.of("find", "--table", table, "--where", "n > 8"), List.of("sql", "--table", table, "--query",
                        "SELECT count(*) FROM `" + table + "`"))) {
            Cli.Result result = Cli.local(command.get(0), command.subList(1, command.size()).toArray(new String[0]));

            assertThat(result.exitCode()).as(result.all()).isZero();
            Path folder = Paths.get(JsonRun.runFolderLine(result.err()));
            assertThat(folder.getParent()).isEqualTo(ReadOnlyRuns.folder());
            assertThat(folder.resolve("summary.json")).isRegularFile();
            assertThat(Paths.get("bulk-output", folder.getFileName().toString())).doesNotExist();
        }
    }

    @Test
    void countWithOutputKeepsItsFolderThere() {
        Path output = dir.resolve("mine");
        Cli.Result result = Cli.local("count", "--table", table, "--output", output.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(JsonRun.runFolderLine(result.err())).isEqualTo(output.toString());
        assertThat(output.resolve("summary.json")).isRegularFile();
    }

    @Test
    void aMutationRunStaysInTheWorkingDirectoryAndResumesByItsId() throws IOException {
        String target = LocalDynamo.uniqueTable("runs-delete");
        assertThat(Cli.local("create-table", "--table", target, "--pk", "pk:S").exitCode()).isZero();
        DYNAMO.putAll(target, List.of(Map.of("pk", AttributeValue.fromS("a")), Map.of("pk", AttributeValue.fromS("b"))));

        JsonRun.Outcome delete = JsonRun.run(0, "delete", "--table", target, "--where", "pk = 'a'", "--yes");
        Path folder = Paths.get("bulk-output", delete.object().path("runId").asText());
        try {
            assertThat(JsonRun.runFolderLine(delete.result().err())).isEqualTo(folder.toString());
            assertThat(delete.runFolder()).isEqualTo(folder.toAbsolutePath());
            assertThat(folder.resolve("plan.json")).isRegularFile();
            // --resume finds it by its id, as before; the run was finished, so nothing is left to do
            Cli.Result resumed = Cli.local("delete", "--table", target, "--where", "pk = 'a'", "--yes", "--resume",
                    delete.object().path("runId").asText());
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(JsonRun.runFolderLine(resumed.err())).isEqualTo(folder.toString());
            assertThat(DYNAMO.countByScan(target)).isEqualTo(1);
        } finally {
            deleteTree(folder);
        }
    }

    @Test
    void onlyTheNewestFinishedReadOnlyRunsAreKept() throws IOException {
        String buildHome = System.getProperty("bulk.home");
        System.setProperty("bulk.home", dir.toString());
        try {
            Path runs = dir.resolve("runs");
            // Older than any new run: finished runs from 2001, one still going, one with a plan, something not a run.
            for (int i = 0; i < ReadOnlyRuns.KEPT + 5; i++) {
                Path old = Files.createDirectories(runs.resolve(String.format("20010101-0000%02d-count-00%02d", i, i)));
                Files.writeString(old.resolve("summary.json"), "{}");
            }
            Path going = Files.createDirectories(runs.resolve("20000101-000000-find-aaaa"));
            Path planned = Files.createDirectories(runs.resolve("20000101-000000-delete-bbbb"));
            Files.writeString(planned.resolve("summary.json"), "{}");
            Files.writeString(planned.resolve("plan.json"), "{}");
            Path notARun = Files.createDirectories(runs.resolve("keep-me"));

            Cli.Result count = Cli.local("count", "--table", table);

            assertThat(count.exitCode()).as(count.all()).isZero();
            Path mine = Paths.get(JsonRun.runFolderLine(count.err()));
            assertThat(mine.getParent()).isEqualTo(runs);
            List<String> left;
            try (Stream<Path> children = Files.list(runs)) {
                left = children.map(path -> path.getFileName().toString()).sorted().toList();
            }
            // The new run and the 49 newest old ones; the 6 oldest finished ones are gone.
            List<String> expected = new ArrayList<>(List.of(going.getFileName().toString(), planned.getFileName().toString(),
                    notARun.getFileName().toString(), mine.getFileName().toString()));
            for (int i = 6; i < ReadOnlyRuns.KEPT + 5; i++) {
                expected.add(String.format("20010101-0000%02d-count-00%02d", i, i));
            }
            assertThat(left).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            if (buildHome == null) {
                System.clearProperty("bulk.home");
            } else {
                System.setProperty("bulk.home", buildHome);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the load tests share: tables, running load, reading the table and the failure files back. */
final class LoadTestSupport {
    static final LocalDynamo DYNAMO = LocalDynamo.get();

    private LoadTestSupport() {
    }

    static String table(String prefix, String pk, String sk) {
        String table = LocalDynamo.uniqueTable(prefix);
        List<String> args = new ArrayList<>(List.of("--table", table, "--pk", pk));
        if (sk != null) {
            args.add("--sk");
            args.add(sk);
        }
        assertThat(Cli.local("create-table", args.toArray(new String[0])).exitCode()).isZero();
        return table;
    }

    /** Runs load into {@code table} with its run folder at {@code runDir}. */
    static Cli.Result load(String table, Path runDir, String... args) {
        List<String> all = new ArrayList<>(List.of("--table", table));
        all.addAll(List.of(args));
        all.add("--yes");
        all.add("--output");
        all.add(runDir.toString());
        return Cli.local("load", all.toArray(new String[0]));
    }

    /** The table's items by partition key value (S or N text), by the test's own scan. */
    static Map<String, Map<String, AttributeValue>> byPk(String table, String pk) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue key = item.get(pk);
                items.put(key.s() != null ? key.s() : new BigDecimal(key.n()).toPlainString(), item);
            }
        }
        return items;
    }

    static AttributeValue s(String text) {
        return AttributeValue.fromS(text);
    }

    static AttributeValue n(String text) {
        return AttributeValue.fromN(text);
    }

    /** The refused-row lines of a run's failure files, sorted by file and row. */
    static List<JsonNode> refusedRows(Path runDir) {
        Path failures = runDir.resolve("failures");
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(failures)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(failures)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("rows-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    rows.add(new ObjectMapper().readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort((a, b) -> a.get("file").asText().equals(b.get("file").asText())
                ? Long.compare(a.get("row").asLong(), b.get("row").asLong()) : a.get("file").asText().compareTo(b.get("file").asText()));
        return rows;
    }

    static Path write(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

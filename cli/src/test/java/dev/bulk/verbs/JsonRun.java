package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a verb with --json as a user's script would and checks the contract every verb keeps:
 * stdout is exactly one JSON object (the verb's lines went to stderr), its exit code is the
 * process's, and a run that began says where its folder is, on stderr and in the object, whose
 * summary.json holds the same object.
 */
final class JsonRun {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the command printed and the one object on its stdout. */
    record Outcome(Cli.Result result, JsonNode object) {
        long count(String name) {
            assertThat(object.path("counts").has(name)).as("counts." + name + " in " + object).isTrue();
            return object.path("counts").path(name).asLong();
        }

        Path file(String name) {
            assertThat(object.path("files").path(name).isTextual()).as("files." + name + " in " + object).isTrue();
            return Paths.get(object.path("files").path(name).asText());
        }

        Path runFolder() {
            return Paths.get(object.path("runFolder").asText());
        }
    }

    private JsonRun() {
    }

    /** Runs {@code verb args --json} against the test's DynamoDB Local, expecting {@code exitCode}. */
    static Outcome run(int exitCode, String verb, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Cli.Result result = Cli.local(verb, all.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.all()).isEqualTo(exitCode);
        JsonNode object = only(result.out());
        assertThat(object.path("verb").asText()).isEqualTo(verb);
        assertThat(object.path("exitCode").asInt()).as(result.all()).isEqualTo(exitCode);
        assertThat(object.path("arguments").isArray()).isTrue();
        assertThat(object.path("counts").isObject()).isTrue();
        assertThat(object.path("files").isObject()).isTrue();
        if (exitCode != 2) {
            Path folder = Paths.get(object.path("runFolder").asText());
            assertThat(object.path("runId").asText()).matches("\\d{8}-\\d{6}-" + verb + "-[0-9a-f]{4}");
            assertThat(result.err()).contains("Run folder: ");
            assertThat(Paths.get(runFolderLine(result.err())).toAbsolutePath().normalize()).isEqualTo(folder);
            // One accounting: summary.json is the object, but for the error line as printed (flags named).
            JsonNode summary = read(folder.resolve("summary.json"));
            assertThat(without(summary, "message")).isEqualTo(without(object, "message"));
        }
        return new Outcome(result, object);
    }

    /** Exactly one JSON value on stdout, on one line, and it is an object. */
    static JsonNode only(String stdout) {
        assertThat(stdout.lines().count()).as("stdout: " + stdout).isEqualTo(1);
        try (MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(stdout)) {
            List<JsonNode> all = values.readAll();
            assertThat(all).as(stdout).hasSize(1);
            assertThat(all.get(0).isObject()).as(stdout).isTrue();
            return all.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON: " + stdout, e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode without(JsonNode object, String field) {
        JsonNode copy = object.deepCopy();
        ((ObjectNode) copy).remove(field);
        return copy;
    }

    /** The folder the "Run folder: …" line on stderr names. */
    static String runFolderLine(String stderr) {
        return stderr.lines().filter(line -> line.startsWith("Run folder: ")).reduce((first, last) -> last).orElseThrow()
                .substring("Run folder: ".length());
    }

    /** The lines of a result folder's part files (Spark's text and JSON output). */
    static long resultLines(Path result) {
        try (Stream<Path> parts = Files.list(result)) {
            long lines = 0;
            for (Path part : parts.filter(path -> path.getFileName().toString().startsWith("part-")).toList()) {
                lines += Files.readAllLines(part).stream().filter(line -> !line.isBlank()).count();
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

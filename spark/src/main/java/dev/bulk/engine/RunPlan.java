package dev.bulk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.output.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mutating run's plan, {@code plan.json} in its run folder: what the run changes (the flags that
 * decide it, compared on --resume) and its units. Written before the first write, so an
 * interrupted run can always be resumed with the same units.
 */
public record RunPlan(String runId, String verb, Map<String, String> fingerprint, List<MutationJob.Unit> units) {
    public static final String FILE = RunFiles.PLAN;

    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    public void write(Path runDir) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("runId", runId);
        node.put("verb", verb);
        ObjectNode flags = node.putObject("fingerprint");
        // plan.json is kept with the run's output: no credentials from an endpoint URL in it.
        fingerprint.forEach((flag, value) -> flags.put(flag, dev.bulk.Redaction.redact(value)));
        ArrayNode list = node.putArray("units");
        for (MutationJob.Unit unit : units) {
            ObjectNode entry = list.addObject();
            entry.put("id", unit.id());
            if (unit.segments() != null) {
                unit.segments().forEach(entry.putArray("segments")::add);
            }
            if (unit.file() != null) {
                entry.put("file", unit.file());
            }
        }
        try {
            Files.createDirectories(runDir);
            Path tmp = runDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, AttributeValues.toJsonText(node) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE), e);
        }
    }

    public static RunPlan read(Path runDir) {
        JsonNode node;
        try {
            node = AttributeValues.parseJson(Files.readString(runDir.resolve(FILE), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runDir.resolve(FILE), e);
        }
        Map<String, String> fingerprint = new LinkedHashMap<>();
        node.get("fingerprint").fields().forEachRemaining(entry -> fingerprint.put(entry.getKey(),
                entry.getValue().isNull() ? null : entry.getValue().asText()));
        List<MutationJob.Unit> units = new ArrayList<>();
        for (JsonNode entry : node.get("units")) {
            List<Integer> segments = null;
            if (entry.has("segments")) {
                segments = new ArrayList<>();
                for (JsonNode segment : entry.get("segments")) {
                    segments.add(segment.asInt());
                }
            }
            units.add(new MutationJob.Unit(entry.get("id").asText(), segments, entry.has("file") ? entry.get("file").asText() : null));
        }
        return new RunPlan(node.get("runId").asText(), node.get("verb").asText(), fingerprint, units);
    }
}

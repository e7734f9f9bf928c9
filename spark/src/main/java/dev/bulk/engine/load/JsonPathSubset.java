package dev.bulk.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The part of JSONPath that selects records in a document: {@code $} followed by steps
 * {@code .name}, {@code ['name']} (or double quotes), {@code [N]} (0-based), {@code [*]} and
 * {@code .*} (every element of an array, every value of an object). Nothing else (filters,
 * slices, recursive descent) — those are refused when the flag is parsed.
 */
public final class JsonPathSubset implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One step: a field name, an index, or every child (name and index both null). */
    private record Step(String name, Integer index) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final String text;
    private final List<Step> steps;

    private JsonPathSubset(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Parses a path; IllegalArgumentException says what is not supported and where. */
    public static JsonPathSubset parse(String text) {
        String path = text.trim();
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("must start with '$' (e.g. $.items[*])");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                if (path.startsWith(".*", i)) {
                    steps.add(new Step(null, null));
                    i += 2;
                    continue;
                }
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("empty name at position " + i + " (recursive descent '..' is not supported)");
                }
                steps.add(new Step(path.substring(i + 1, end), null));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'[' at position " + i + " is not closed");
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.equals("*")) {
                    steps.add(new Step(null, null));
                } else if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(new Step(inside.substring(1, inside.length() - 1), null));
                } else if (inside.matches("\\d+")) {
                    steps.add(new Step(null, Integer.valueOf(inside)));
                } else {
                    throw new IllegalArgumentException("'[" + inside + "]' is not supported (use [*], [N] or ['name'])");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at position " + i);
            }
        }
        return new JsonPathSubset(path, steps);
    }

    /** True for {@code $} itself: the document is the record. */
    public boolean isRoot() {
        return steps.isEmpty();
    }

    /** The nodes the path selects in {@code document}, in document order. */
    public List<JsonNode> select(JsonNode document) {
        List<JsonNode> current = List.of(document);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step.name() != null) {
                    JsonNode child = node.isObject() ? node.get(step.name()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                } else if (step.index() != null) {
                    JsonNode child = node.isArray() ? node.get(step.index()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                } else if (node.isArray() || node.isObject()) {
                    Iterator<JsonNode> children = node.elements();
                    children.forEachRemaining(next::add);
                }
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}

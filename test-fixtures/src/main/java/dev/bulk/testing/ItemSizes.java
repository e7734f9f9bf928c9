package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Item sizes by DynamoDB's documented rules, computed from the wire JSON, to estimate what a request
 * will cost before it is forwarded: attribute names and string values by UTF-8 length, binary by
 * decoded length, numbers by about one byte per two digits, lists and maps with their overhead.
 * Only an estimate for admission: what DynamoDB Local reports afterwards is what is charged.
 */
final class ItemSizes {
    private static final double WRITE_UNIT = 1024;

    private ItemSizes() {
    }

    /** Write units of putting {@code item}: 1 KB each, at least one. */
    static double writeUnits(JsonNode item) {
        return Math.max(1, Math.ceil(itemBytes(item) / WRITE_UNIT));
    }

    static long itemBytes(JsonNode item) {
        long bytes = 0;
        if (item == null) {
            return 0;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> attribute = it.next();
            bytes += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return bytes;
    }

    private static long valueBytes(JsonNode value) {
        if (value == null || !value.fields().hasNext()) {
            return 0;
        }
        Map.Entry<String, JsonNode> typed = value.fields().next();
        JsonNode content = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> utf8(content.asText());
            case "N" -> numberBytes(content.asText());
            case "B" -> binaryBytes(content.asText());
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(content, "S");
            case "NS" -> sum(content, "N");
            case "BS" -> sum(content, "B");
            case "L" -> {
                long bytes = 3;
                for (JsonNode element : content) {
                    bytes += 1 + valueBytes(element);
                }
                yield bytes;
            }
            case "M" -> 3 + itemBytes(content) + content.size();
            default -> 0;
        };
    }

    private static long sum(JsonNode elements, String type) {
        long bytes = 0;
        for (JsonNode element : elements) {
            String text = element.asText();
            bytes += switch (type) {
                case "N" -> numberBytes(text);
                case "B" -> binaryBytes(text);
                default -> utf8(text);
            };
        }
        return bytes;
    }

    private static long numberBytes(String number) {
        long digits = number.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long binaryBytes(String base64) {
        return base64.length() * 3L / 4;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

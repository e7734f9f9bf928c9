package dev.bulk.engine.s3export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.scripts.ExportChange;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lines of the data files of a DynamoDB export to S3: {@code {"Item":{…}}} in a full export,
 * {@code {"Metadata":{"WriteTimestampMicros":{"N":"…"}},"Keys":{…},"NewImage":{…},"OldImage":{…}}}
 * in an incremental one (no NewImage for a delete; OldImage only with NEW_AND_OLD_IMAGES).
 */
public final class S3ExportRecords {
    private S3ExportRecords() {
    }

    /** Parses one line; IllegalArgumentException says what is wrong with it. */
    public static ExportChange parse(String line, boolean incremental, KeySchema keys) {
        JsonNode node = AttributeValues.parseJson(line);
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!incremental) {
            JsonNode item = node.get("Item");
            if (item == null || !item.isObject()) {
                throw new IllegalArgumentException("a full export's line is {\"Item\":{…}}, this one has no Item object");
            }
            Map<String, AttributeValue> parsed = DynamoJson.parseItem(item);
            return new ExportChange(presentKeys(parsed, keys), parsed, null, null);
        }
        JsonNode keyNode = node.get("Keys");
        if (keyNode == null || !keyNode.isObject()) {
            throw new IllegalArgumentException("an incremental export's line has a Keys object, this one has none");
        }
        JsonNode timestamp = node.path("Metadata").path("WriteTimestampMicros").path("N");
        return new ExportChange(DynamoJson.parseItem(keyNode), image(node, "NewImage"), image(node, "OldImage"),
                timestamp.isMissingNode() ? null : Long.valueOf(timestamp.asText()));
    }

    private static Map<String, AttributeValue> image(JsonNode node, String name) {
        JsonNode image = node.get(name);
        return image == null || image.isNull() ? null : DynamoJson.parseItem(image);
    }

    /** The key attributes an item has (a transform may return items without some). */
    public static Map<String, AttributeValue> presentKeys(Map<String, AttributeValue> item, KeySchema keys) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keys.names()) {
            if (item.containsKey(name)) {
                key.put(name, item.get(name));
            }
        }
        return key;
    }

    /**
     * Why a record cannot be checked against the table's key, or null: a full export's Item must
     * have each key attribute with its type; an incremental record's Keys must be exactly the key.
     */
    public static String keyProblem(ExportChange change, boolean incremental, KeySchema keys) {
        if (!incremental) {
            return keys.problemWith(change.newImage());
        }
        String problem = keys.problemWith(change.keys());
        if (problem != null) {
            return problem.replace("item has", "Keys have");
        }
        if (change.keys().size() != keys.names().size()) {
            return "Keys hold " + change.keys().keySet() + ", the table's key is " + keys.names();
        }
        return null;
    }
}

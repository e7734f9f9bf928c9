package dev.bulk.verbs.mutate;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.KeySchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An exact item (DynamoDB JSON) → its key attributes only, as DynamoDB JSON with the partition key
 * first: the keys a delete, update or copy's --replace-range stages, and the same key is the same
 * text in every JVM (a plain map's order may differ between executors), so keys compare as text.
 */
final class KeyOnly implements MapFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private final KeySchema keys;

    KeyOnly(KeySchema keys) {
        this.keys = keys;
    }

    @Override
    public String call(String item) {
        Map<String, AttributeValue> parsed = DynamoJson.parseItem(AttributeValues.parseJson(item));
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keys.names()) {
            key.put(name, parsed.get(name));
        }
        return AttributeValues.toJsonText(DynamoJson.item(key));
    }
}

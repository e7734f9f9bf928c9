package dev.bulk.dynamo;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A map of attribute values that survives Java serialization exactly. The SDK's AttributeValue
 * is Serializable, but a binary value (SdkBytes) comes back empty; this map travels to the
 * executors as DynamoDB JSON text instead.
 */
public final class ExactAttributeMap extends LinkedHashMap<String, AttributeValue> {
    private static final long serialVersionUID = 1L;

    public ExactAttributeMap(Map<String, AttributeValue> values) {
        super(values);
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Text(AttributeValues.toJsonText(DynamoJson.item(this)));
    }

    /** The serialized form. */
    private record Text(String json) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() throws ObjectStreamException {
            return new ExactAttributeMap(DynamoJson.parseItem(AttributeValues.parseJson(json)));
        }
    }
}

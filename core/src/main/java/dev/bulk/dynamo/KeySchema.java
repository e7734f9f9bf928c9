package dev.bulk.dynamo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** The primary key of a table or index: partition key and optional sort key, with their types (S, N or B). */
public record KeySchema(String partitionKey, String partitionType, String sortKey, String sortType)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public KeySchema {
        Objects.requireNonNull(partitionKey, "partitionKey is null");
        Objects.requireNonNull(partitionType, "partitionType is null");
    }

    static KeySchema from(List<KeySchemaElement> elements, List<AttributeDefinition> definitions) {
        String partition = null;
        String sort = null;
        for (KeySchemaElement element : elements) {
            if (element.keyType() == KeyType.HASH) {
                partition = element.attributeName();
            } else {
                sort = element.attributeName();
            }
        }
        return new KeySchema(partition, typeOf(partition, definitions), sort, sort == null ? null : typeOf(sort, definitions));
    }

    private static String typeOf(String name, List<AttributeDefinition> definitions) {
        for (AttributeDefinition definition : definitions) {
            if (definition.attributeName().equals(name)) {
                return definition.attributeTypeAsString();
            }
        }
        throw new IllegalStateException("no attribute definition for key " + name);
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(partitionKey);
        if (sortKey != null) {
            names.add(sortKey);
        }
        return names;
    }

    /** The key attributes of an item, in key order. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        if (sortKey == null) {
            return Map.of(partitionKey, item.get(partitionKey));
        }
        return Map.of(partitionKey, item.get(partitionKey), sortKey, item.get(sortKey));
    }

    /**
     * Why an item cannot be written to a table with this key, or null when it can: each key
     * attribute must be present and of the declared scalar type.
     */
    public String problemWith(Map<String, AttributeValue> item) {
        String partitionProblem = problem(item, partitionKey, partitionType, "partition");
        if (partitionProblem != null || sortKey == null) {
            return partitionProblem;
        }
        return problem(item, sortKey, sortType, "sort");
    }

    private static String problem(Map<String, AttributeValue> item, String name, String type, String role) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return "item has no " + role + " key attribute '" + name + "' (attributes: " + item.keySet() + ")";
        }
        boolean matches = switch (type) {
            case "S" -> value.s() != null;
            case "N" -> value.n() != null;
            default -> value.b() != null;
        };
        if (!matches) {
            return role + " key '" + name + "' must be of type " + type + " but the item has " + value.type();
        }
        return null;
    }

    @Override
    public String toString() {
        return partitionKey + ":" + partitionType + (sortKey == null ? "" : ", " + sortKey + ":" + sortType);
    }
}

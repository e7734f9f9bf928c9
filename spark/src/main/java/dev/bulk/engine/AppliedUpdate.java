package dev.bulk.engine;

import dev.bulk.scripts.ItemUpdate;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Whether an updater's update is already in an item as it is now: the question after a lost reply
 * whose retry failed its condition. Decided only for plain assignments of given values
 * ({@code SET a = :v, #b = :w}), where the item shows it; anything else (arithmetic, REMOVE, ADD,
 * list_append, nested paths) cannot be told from the item and stays unknown.
 */
final class AppliedUpdate {
    private static final Pattern SET = Pattern.compile("(?is)\\s*SET\\s+(.*)");
    private static final Pattern ASSIGNMENT = Pattern.compile("\\s*(#?[A-Za-z0-9_]+)\\s*=\\s*(:[A-Za-z0-9_]+)\\s*");

    private AppliedUpdate() {
    }

    static boolean isApplied(ItemUpdate update, Map<String, AttributeValue> item) {
        if (item == null) {
            return false;
        }
        Matcher set = SET.matcher(update.updateExpression());
        if (!set.matches()) {
            return false;
        }
        for (String clause : set.group(1).split(",")) {
            Matcher assignment = ASSIGNMENT.matcher(clause);
            if (!assignment.matches()) {
                return false;
            }
            String path = assignment.group(1);
            String attribute = path.startsWith("#") ? update.names().get(path) : path;
            AttributeValue expected = update.values().get(assignment.group(2));
            if (attribute == null || expected == null || !same(item.get(attribute), expected)) {
                return false;
            }
        }
        return true;
    }

    /** The item the update was for, read consistently (null if there is none). */
    static Map<String, AttributeValue> readConsistently(DynamoDbClient client, UpdateItemRequest request) {
        GetItemResponse response = client.getItem(get -> get.tableName(request.tableName()).key(request.key()).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    /** DynamoDB normalises numbers (1.50 is stored as 1.5), so numbers compare by value. */
    private static boolean same(AttributeValue actual, AttributeValue expected) {
        if (actual == null) {
            return false;
        }
        if (actual.n() != null && expected.n() != null) {
            return new BigDecimal(actual.n()).compareTo(new BigDecimal(expected.n())) == 0;
        }
        return actual.equals(expected);
    }
}

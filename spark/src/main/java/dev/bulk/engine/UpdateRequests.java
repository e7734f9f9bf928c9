package dev.bulk.engine;

import dev.bulk.dynamo.ConsumedUnits;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.scripts.ItemUpdate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An updater's {@link ItemUpdate} as an UpdateItem request, checked first for what DynamoDB would
 * reject with a less helpful message: a key that is not exactly the table's key, no update
 * expression, and {@code #name}/{@code :value} placeholders used but not given, or given but not used.
 */
public final class UpdateRequests {
    private static final Pattern NAME = Pattern.compile("#[A-Za-z0-9_]+");
    private static final Pattern VALUE = Pattern.compile(":[A-Za-z0-9_]+");

    private UpdateRequests() {
    }

    public static UpdateItemRequest of(String table, KeySchema keys, ItemUpdate update) {
        if (!update.key().keySet().equals(Set.copyOf(keys.names()))) {
            throw new IllegalArgumentException("its key has attributes " + new TreeSet<>(update.key().keySet())
                    + " but the table's key is " + keys);
        }
        String problem = keys.problemWith(update.key());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (update.updateExpression() == null || update.updateExpression().isBlank()) {
            throw new IllegalArgumentException("it has no update expression");
        }
        String expressions = update.updateExpression() + " " + (update.conditionExpression() == null ? ""
                : update.conditionExpression());
        check("name", NAME, expressions, update.names().keySet());
        check("value", VALUE, expressions, update.values().keySet());
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.names().isEmpty() ? null : update.names())
                .expressionAttributeValues(update.values().isEmpty() ? null : update.values())
                .returnConsumedCapacity(ConsumedUnits.WRITES)
                .build();
    }

    private static void check(String what, Pattern pattern, String expressions, Set<String> given) {
        Set<String> used = new TreeSet<>();
        Matcher matcher = pattern.matcher(expressions);
        while (matcher.find()) {
            used.add(matcher.group());
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(given);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("its expressions use " + what + " placeholders " + missing + " it does not give");
        }
        Set<String> unused = new TreeSet<>(given);
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("it gives " + what + " placeholders " + unused + " its expressions do not use");
        }
    }

}

package dev.bulk.connector;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The placeholders of one request's expressions: every attribute name becomes {@code #nK} (so
 * reserved words, dots and odd characters are never a problem) and every value {@code :vK}.
 * Expressions rendered but not sent leave placeholders behind; {@link #namesUsedIn} and
 * {@link #valuesUsedIn} keep only those an expression really uses, as DynamoDB insists.
 */
final class ExpressionNames {
    private static final Pattern NAME = Pattern.compile("#n\\d+");
    private static final Pattern VALUE = Pattern.compile(":v\\d+");

    private final Map<String, String> nameToPlaceholder = new HashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<AttributeValue, String> valueToPlaceholder = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    /** A document path: each part a placeholder, joined with dots. */
    String path(List<String> parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(name(part));
        }
        return path.toString();
    }

    String name(String attribute) {
        return nameToPlaceholder.computeIfAbsent(attribute, a -> {
            String placeholder = "#n" + names.size();
            names.put(placeholder, a);
            return placeholder;
        });
    }

    String value(AttributeValue value) {
        return valueToPlaceholder.computeIfAbsent(value, v -> {
            String placeholder = ":v" + values.size();
            values.put(placeholder, v);
            return placeholder;
        });
    }

    Map<String, String> namesUsedIn(String... expressions) {
        return usedIn(NAME, names, expressions);
    }

    Map<String, AttributeValue> valuesUsedIn(String... expressions) {
        return usedIn(VALUE, values, expressions);
    }

    private static <V> Map<String, V> usedIn(Pattern placeholder, Map<String, V> all, String... expressions) {
        Map<String, V> used = new LinkedHashMap<>();
        for (String expression : expressions) {
            if (expression == null) {
                continue;
            }
            Matcher matcher = placeholder.matcher(expression);
            while (matcher.find()) {
                used.put(matcher.group(), all.get(matcher.group()));
            }
        }
        return used;
    }
}

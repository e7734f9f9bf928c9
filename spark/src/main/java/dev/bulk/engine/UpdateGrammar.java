package dev.bulk.engine;

import dev.bulk.dynamo.KeySchema;
import dev.bulk.engine.ExpressionTokens.Kind;
import dev.bulk.engine.ExpressionTokens.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code update --set/--remove/--add/--condition} as one DynamoDB UpdateItem: DynamoDB's own
 * expression syntax, except that the user writes attribute names and literal values directly
 * (numbers, 'strings' or "strings", true, false, null, [lists], {maps}) and every name becomes a
 * {@code #uN} placeholder and every value a {@code :uN} one, so reserved words and odd characters
 * never matter. Checked here, before anything is written, for what can be told from the text: the
 * syntax, known functions, and no key attribute changed; DynamoDB checks the rest on a sample.
 */
public final class UpdateGrammar {
    /** What the user gave: each flag's values in order (--set/--remove/--add repeatable), the condition or null. */
    public record Clauses(List<String> set, List<String> remove, List<String> add, String condition) {
        public boolean any() {
            return !set.isEmpty() || !remove.isEmpty() || !add.isEmpty();
        }
    }

    /** A clause that cannot be read: the flag and its value, and why. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String flag;
        private final String value;

        Invalid(String flag, String value, String reason) {
            super(reason);
            this.flag = flag;
            this.value = value;
        }

        public String flag() {
            return flag;
        }

        public String value() {
            return value;
        }
    }

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "between", "in", "true", "false", "null");

    private final KeySchema keys;
    private final Map<String, String> nameToPlaceholder = new HashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<AttributeValue, String> valueToPlaceholder = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();
    private ExpressionTokens tokens;

    private UpdateGrammar(KeySchema keys) {
        this.keys = keys;
    }

    /** Reads the clauses without a table (keys unknown): the syntax errors, before anything is opened. */
    public static void check(Clauses clauses) {
        parse(clauses, null);
    }

    /** The update the clauses describe, conditioned on the item still existing; {@link Invalid} names the first bad clause. */
    public static DeclaredUpdate parse(Clauses clauses, KeySchema keys) {
        UpdateGrammar grammar = new UpdateGrammar(keys);
        List<String> sets = new ArrayList<>();
        for (String text : clauses.set()) {
            sets.add(grammar.read("--set", text, grammar::assignments));
        }
        List<String> removes = new ArrayList<>();
        for (String text : clauses.remove()) {
            removes.add(grammar.read("--remove", text, grammar::paths));
        }
        List<String> adds = new ArrayList<>();
        for (String text : clauses.add()) {
            adds.add(grammar.read("--add", text, grammar::additions));
        }
        StringBuilder update = new StringBuilder();
        append(update, "SET", sets);
        append(update, "REMOVE", removes);
        append(update, "ADD", adds);
        // An item deleted since the scan is not created again by its update.
        String condition = "attribute_exists(" + grammar.name(keys == null ? "key" : keys.partitionKey()) + ")";
        if (clauses.condition() != null) {
            condition += " AND (" + grammar.read("--condition", clauses.condition(), grammar::condition) + ")";
        }
        return new DeclaredUpdate(update.toString(), condition, grammar.names, grammar.values);
    }

    private static void append(StringBuilder update, String action, List<String> clauses) {
        if (!clauses.isEmpty()) {
            update.append(update.length() == 0 ? "" : " ").append(action).append(' ').append(String.join(", ", clauses));
        }
    }

    private interface Rule {
        String read();
    }

    private String read(String flag, String text, Rule rule) {
        try {
            tokens = new ExpressionTokens(text);
            if (tokens.atEnd()) {
                throw new IllegalArgumentException("it is empty");
            }
            String rendered = rule.read();
            if (!tokens.atEnd()) {
                throw tokens.unexpected(flag.equals("--condition") ? "AND, OR or the end" : "',' or the end");
            }
            return rendered;
        } catch (Invalid e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new Invalid(flag, text, e.getMessage());
        }
    }

    /** {@code path = value, path = value}. */
    private String assignments() {
        List<String> parts = new ArrayList<>();
        do {
            String path = changedPath();
            tokens.expect("=");
            parts.add(path + " = " + setValue());
        } while (tokens.takeIf(","));
        return String.join(", ", parts);
    }

    /** An operand, or two joined by + or - (DynamoDB allows one). */
    private String setValue() {
        String left = operand(true);
        if (tokens.peek().is("+") || tokens.peek().is("-")) {
            String op = tokens.take().text();
            return left + " " + op + " " + operand(true);
        }
        return left;
    }

    private String paths() {
        List<String> parts = new ArrayList<>();
        do {
            parts.add(changedPath());
        } while (tokens.takeIf(","));
        return String.join(", ", parts);
    }

    /** {@code path = number} (the = may be left out, as in DynamoDB's own ADD). */
    private String additions() {
        List<String> parts = new ArrayList<>();
        do {
            String path = changedPath();
            tokens.takeIf("=");
            boolean negative = tokens.takeIf("-");
            if (tokens.peek().kind() != Kind.NUMBER) {
                throw tokens.unexpected("a number to add");
            }
            String number = ExpressionLiterals.number((negative ? "-" : "") + tokens.take().text());
            parts.add(path + " " + value(AttributeValue.fromN(number)));
        } while (tokens.takeIf(","));
        return String.join(", ", parts);
    }

    private String condition() {
        String left = conjunction();
        while (tokens.takeIf("or")) {
            left = left + " OR " + conjunction();
        }
        return left;
    }

    private String conjunction() {
        String left = negation();
        while (tokens.takeIf("and")) {
            left = left + " AND " + negation();
        }
        return left;
    }

    private String negation() {
        if (tokens.takeIf("not")) {
            return "NOT " + negation();
        }
        if (tokens.peek().is("(")) {
            tokens.take();
            String inner = condition();
            tokens.expect(")");
            return "(" + inner + ")";
        }
        Token token = tokens.peek();
        if (token.kind() == Kind.NAME && tokens.peekAfter().is("(") && !token.lower().equals("size")) {
            return conditionFunction();
        }
        String left = operand(false);
        if (tokens.takeIf("between")) {
            String low = operand(false);
            tokens.expect("and");
            return left + " BETWEEN " + low + " AND " + operand(false);
        }
        if (tokens.takeIf("in")) {
            tokens.expect("(");
            List<String> members = new ArrayList<>();
            do {
                members.add(operand(false));
            } while (tokens.takeIf(","));
            tokens.expect(")");
            return left + " IN (" + String.join(", ", members) + ")";
        }
        Token op = tokens.peek();
        if (op.kind() != Kind.SYMBOL || !COMPARISONS.contains(op.text())) {
            throw tokens.unexpected("a comparison (=, <>, <, <=, >, >=, BETWEEN, IN)");
        }
        tokens.take();
        return left + " " + (op.text().equals("!=") ? "<>" : op.text()) + " " + operand(false);
    }

    private String conditionFunction() {
        Token function = tokens.take();
        tokens.expect("(");
        String rendered = switch (function.lower()) {
            case "attribute_exists", "attribute_not_exists" -> function.lower() + "(" + path() + ")";
            case "attribute_type", "begins_with", "contains" -> {
                String path = path();
                tokens.expect(",");
                yield function.lower() + "(" + path + ", " + operand(false) + ")";
            }
            default -> throw new IllegalArgumentException("unknown condition function '" + function.text() + "' at character "
                    + (function.position() + 1) + " (known: attribute_exists, attribute_not_exists, attribute_type, "
                    + "begins_with, contains, size)");
        };
        tokens.expect(")");
        return rendered;
    }

    /** A literal, a path, or a function: if_not_exists and list_append in a --set value, size in a condition. */
    private String operand(boolean inSet) {
        Token token = tokens.peek();
        if (token.kind() == Kind.NAME && tokens.peekAfter().is("(")) {
            tokens.take();
            tokens.take();
            String rendered;
            if (inSet && token.lower().equals("if_not_exists")) {
                String path = path();
                tokens.expect(",");
                rendered = "if_not_exists(" + path + ", " + operand(true) + ")";
            } else if (inSet && token.lower().equals("list_append")) {
                String first = operand(true);
                tokens.expect(",");
                rendered = "list_append(" + first + ", " + operand(true) + ")";
            } else if (!inSet && token.lower().equals("size")) {
                rendered = "size(" + path() + ")";
            } else {
                throw new IllegalArgumentException("unknown function '" + token.text() + "' at character " + (token.position() + 1)
                        + (inSet ? " (known in --set: if_not_exists, list_append)" : ""));
            }
            tokens.expect(")");
            return rendered;
        }
        if (token.kind() == Kind.NAME && !KEYWORDS.contains(token.lower()) || token.kind() == Kind.QUOTED_NAME) {
            return path();
        }
        if (token.is(":")) {
            throw new IllegalArgumentException(ExpressionTokens.PLACEHOLDERS + " (':' at character " + (token.position() + 1) + ")");
        }
        return value(ExpressionLiterals.read(tokens));
    }

    /** A path the update changes: never a key attribute, which DynamoDB does not let an update change. */
    private String changedPath() {
        Token first = tokens.peek();
        String rendered = path();
        if (keys != null && keys.names().contains(first.text()) && !rendered.contains(".") && !rendered.contains("[")) {
            throw new IllegalArgumentException("'" + first.text() + "' is part of the table's key, which an update cannot change");
        }
        return rendered;
    }

    /** {@code name(.name | [index])*}, each name a placeholder. */
    private String path() {
        StringBuilder path = new StringBuilder(pathName());
        while (true) {
            if (tokens.takeIf(".")) {
                path.append('.').append(pathName());
            } else if (tokens.peek().is("[")) {
                tokens.take();
                Token index = tokens.take();
                if (index.kind() != Kind.NUMBER || !index.text().matches("\\d+")) {
                    throw new IllegalArgumentException("expected a list index but found '" + index.text() + "' at character "
                            + (index.position() + 1));
                }
                tokens.expect("]");
                path.append('[').append(index.text()).append(']');
            } else {
                return path.toString();
            }
        }
    }

    private String pathName() {
        Token token = tokens.peek();
        boolean plain = token.kind() == Kind.NAME && !KEYWORDS.contains(token.lower());
        if (!plain && token.kind() != Kind.QUOTED_NAME) {
            throw tokens.unexpected("an attribute name (`quote` a name that is a keyword or has odd characters)");
        }
        return name(tokens.take().text());
    }

    private String name(String attribute) {
        return nameToPlaceholder.computeIfAbsent(attribute, a -> {
            String placeholder = "#u" + names.size();
            names.put(placeholder, a);
            return placeholder;
        });
    }

    private String value(AttributeValue value) {
        return valueToPlaceholder.computeIfAbsent(value, v -> {
            String placeholder = ":u" + values.size();
            values.put(placeholder, v);
            return placeholder;
        });
    }
}

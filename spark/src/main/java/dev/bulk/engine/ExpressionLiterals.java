package dev.bulk.engine;

import dev.bulk.engine.ExpressionTokens.Kind;
import dev.bulk.engine.ExpressionTokens.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The values a user writes in an update's clauses: numbers, 'strings' or "strings", true, false,
 * null, [lists] and {maps} of them, as the DynamoDB values they stand for.
 */
final class ExpressionLiterals {
    private ExpressionLiterals() {
    }

    /** The literal at the tokens' position. */
    static AttributeValue read(ExpressionTokens tokens) {
        Token token = tokens.peek();
        if (token.is("-") && tokens.peekAfter().kind() == Kind.NUMBER) {
            tokens.take();
            return AttributeValue.fromN(number("-" + tokens.take().text()));
        }
        if (token.kind() == Kind.END) {
            throw tokens.unexpected("a name or a value");
        }
        tokens.take();
        switch (token.kind()) {
            case NUMBER:
                return AttributeValue.fromN(number(token.text()));
            case STRING:
                return AttributeValue.fromS(token.text());
            case NAME:
                switch (token.lower()) {
                    case "true":
                        return AttributeValue.fromBool(true);
                    case "false":
                        return AttributeValue.fromBool(false);
                    case "null":
                        return AttributeValue.fromNul(true);
                    default:
                        break;
                }
                break;
            case SYMBOL:
                if (token.is("[")) {
                    List<AttributeValue> list = new ArrayList<>();
                    if (!tokens.takeIf("]")) {
                        do {
                            list.add(read(tokens));
                        } while (tokens.takeIf(","));
                        tokens.expect("]");
                    }
                    return AttributeValue.fromL(list);
                }
                if (token.is("{")) {
                    return map(tokens);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("expected a name or a value but found '" + token.text() + "' at character "
                + (token.position() + 1) + " (strings are quoted: 'text')");
    }

    private static AttributeValue map(ExpressionTokens tokens) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        if (!tokens.takeIf("}")) {
            do {
                Token key = tokens.take();
                if (key.kind() != Kind.NAME && key.kind() != Kind.STRING && key.kind() != Kind.QUOTED_NAME) {
                    throw new IllegalArgumentException("expected a map key but found '" + key.text() + "' at character "
                            + (key.position() + 1));
                }
                tokens.expect(":");
                map.put(key.text(), read(tokens));
            } while (tokens.takeIf(","));
            tokens.expect("}");
        }
        return AttributeValue.fromM(map);
    }

    /** The number as written (DynamoDB keeps its digits), checked to be one. */
    static String number(String text) {
        try {
            new BigDecimal(text);
            return text;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
    }
}

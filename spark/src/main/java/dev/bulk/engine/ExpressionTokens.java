package dev.bulk.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of an update's {@code --set}/{@code --remove}/{@code --add}/{@code --condition} text:
 * names (plain, or in backticks for any other spelling), numbers, quoted strings and punctuation.
 * A problem is an {@link IllegalArgumentException} whose message the CLI shows after the flag.
 */
final class ExpressionTokens {
    enum Kind { NAME, QUOTED_NAME, NUMBER, STRING, SYMBOL, END }

    record Token(Kind kind, String text, int position) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equalsIgnoreCase(symbol);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /** What a user who writes DynamoDB's own placeholders is told. */
    static final String PLACEHOLDERS = "write names and values directly: bulk makes the #name and :value placeholders";
    private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("<>", "!=", "<=", ">=");
    private static final String ONE_CHAR_SYMBOLS = "=<>()[],.+-{}:";

    private final List<Token> tokens;
    private int next;

    ExpressionTokens(String text) {
        this.tokens = split(text);
    }

    Token peek() {
        return tokens.get(next);
    }

    Token peekAfter() {
        return tokens.get(Math.min(next + 1, tokens.size() - 1));
    }

    Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    boolean takeIf(String symbol) {
        if (peek().is(symbol) && peek().kind() != Kind.END) {
            next++;
            return true;
        }
        return false;
    }

    void expect(String symbol) {
        if (!takeIf(symbol)) {
            throw unexpected("'" + symbol + "'");
        }
    }

    boolean atEnd() {
        return peek().kind() == Kind.END;
    }

    IllegalArgumentException unexpected(String wanted) {
        Token token = peek();
        String found = token.kind() == Kind.END ? "the end" : "'" + token.text() + "'";
        return new IllegalArgumentException("expected " + wanted + " but found " + found + " at character " + (token.position() + 1));
    }

    private static List<Token> split(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, text.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                i = numberEnd(text, i);
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else if (c == '\'' || c == '"' || c == '`') {
                int start = i;
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("the quote " + c + " opened at character " + (start + 1) + " is not closed");
                    }
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < text.length()) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else if (d == c && i + 1 < text.length() && text.charAt(i + 1) == c) {
                        // A doubled quote is the quote itself, as in SQL.
                        value.append(c);
                        i += 2;
                    } else if (d == c) {
                        i++;
                        break;
                    } else {
                        value.append(d);
                        i++;
                    }
                }
                tokens.add(new Token(c == '`' ? Kind.QUOTED_NAME : Kind.STRING, value.toString(), start));
            } else if (i + 1 < text.length() && TWO_CHAR_SYMBOLS.contains(text.substring(i, i + 2))) {
                tokens.add(new Token(Kind.SYMBOL, text.substring(i, i + 2), i));
                i += 2;
            } else if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            } else if (c == '#') {
                throw new IllegalArgumentException(PLACEHOLDERS + " ('#' at character " + (i + 1) + ")");
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at character " + (i + 1));
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }

    private static int numberEnd(String text, int start) {
        int i = start;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i + 1 < text.length() && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
            i++;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
                i = exponent;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}

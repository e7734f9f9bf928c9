package dev.bulk.engine.load;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * CSV records as Glue reads them with an {@code escaper}, which the reference's {@code --escaper}
 * is: the escape character takes the character after it as it is, inside quoted values and outside
 * them (so {@code a\,b} is the one value {@code a,b}). Spark's CSV reader applies its escape
 * character only inside quoted values, before a quote, so a load with --escaper reads its files
 * with this instead. Otherwise as Spark reads CSV: a quoted value may hold the separator and a
 * doubled quote, a line break inside quotes only with multiLine, blank lines are skipped, and an
 * empty unquoted value is null while {@code ""} is an empty string.
 */
final class EscapedCsv implements Iterator<EscapedCsv.Record> {
    /** One record: its values (null for an empty unquoted one) and its text as read, for the failure file. */
    record Record(List<String> values, String text, boolean unterminated) {
    }

    private static final int END = -1;

    private final PushbackReader in;
    private final String separator;
    private final int quote;
    private final int escaper;
    private final boolean multiLine;
    private Record next;

    /** {@code quote} empty: no quoting. */
    EscapedCsv(Reader in, String separator, String quote, char escaper, boolean multiLine) {
        this.in = new PushbackReader(in, Math.max(2, separatorLength(separator)));
        this.separator = separator == null ? "," : separator;
        this.quote = quote == null ? '"' : quote.isEmpty() ? END : quote.charAt(0);
        this.escaper = escaper;
        this.multiLine = multiLine;
    }

    private static int separatorLength(String given) {
        return given == null ? 1 : given.length();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record current = next;
        next = null;
        return current;
    }

    private int read1() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void unread(int c) {
        if (c == END) {
            return;
        }
        try {
            in.unread(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next non-blank record, or null at the end. */
    private Record read() {
        while (true) {
            int first = read1();
            if (first == END) {
                return null;
            }
            if (first == '\n' || first == '\r') {
                continue;
            }
            unread(first);
            return record();
        }
    }

    private Record record() {
        List<String> values = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        boolean unterminated = false;
        while (true) {
            int c = read1();
            if (c == END || !inQuotes && (c == '\n' || c == '\r') || inQuotes && !multiLine && (c == '\n' || c == '\r')) {
                if (c == '\r') {
                    int after = read1();
                    if (after != '\n') {
                        unread(after);
                    }
                }
                unterminated = inQuotes;
                values.add(quoted || value.length() > 0 ? value.toString() : null);
                return new Record(values, text.toString(), unterminated);
            }
            text.append((char) c);
            if (c == escaper) {
                int escaped = read1();
                if (escaped == END) {
                    value.append((char) c);
                    continue;
                }
                text.append((char) escaped);
                value.append((char) escaped);
            } else if (inQuotes && c == quote) {
                int after = read1();
                if (after == quote) {
                    text.append((char) after);
                    value.append((char) quote);
                } else {
                    inQuotes = false;
                    unread(after);
                }
            } else if (!inQuotes && c == quote && value.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else if (!inQuotes && c == separator.charAt(0) && separatorFollows(text)) {
                values.add(quoted || value.length() > 0 ? value.toString() : null);
                value.setLength(0);
                quoted = false;
            } else {
                value.append((char) c);
            }
        }
    }

    /** Whether the separator starts at the character just read (reading the rest of a multi-character one). */
    private boolean separatorFollows(StringBuilder text) {
        int[] read = new int[separator.length() - 1];
        for (int i = 1; i < separator.length(); i++) {
            read[i - 1] = read1();
            if (read[i - 1] != separator.charAt(i)) {
                // Not the separator after all: what was read is read again as part of the value.
                for (int j = i - 1; j >= 0; j--) {
                    unread(read[j]);
                }
                return false;
            }
        }
        text.append(separator, 1, separator.length());
        return true;
    }
}

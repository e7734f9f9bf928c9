package dev.bulk.engine.load;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One record read from an input file: its item, or why it could not be read.
 *
 * @param row the 1-based data record of the file
 * @param line the 1-based physical line where the record starts, or 0 when the format has no lines to count
 * @param item the record as an item (null when it could not be read)
 * @param error why the record could not be read (null when it was)
 * @param text the record's raw text, for a record that could not be read (may be null)
 */
record Parsed(String file, long row, long line, Map<String, AttributeValue> item, String error, String text) {
    static Parsed ok(String file, long row, long line, Map<String, AttributeValue> item) {
        return new Parsed(file, row, line, item, null, null);
    }

    static Parsed bad(String file, long row, long line, String error, String text) {
        return new Parsed(file, row, line, null, error, text == null || text.length() <= 2000 ? text : text.substring(0, 2000) + "…");
    }

    /** Where the record is, as a person would look for it. */
    String position() {
        return file + ", row " + row + (line > 0 ? " (line " + line + ")" : "");
    }
}

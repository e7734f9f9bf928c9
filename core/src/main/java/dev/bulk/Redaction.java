package dev.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Hides the user-info part of URLs ({@code http://user:secret@host} becomes {@code http://***@host})
 * in anything the tool prints or stores: an endpoint may carry credentials, and console output and
 * summary.json are shared far more freely than the command line that held them.
 */
public final class Redaction {
    // scheme://userinfo@ where userinfo stops at the first '/', '@' or whitespace: the authority's user part.
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {
    }

    /** The text with every URL's user-info replaced by {@code ***}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** Each argument redacted, for summary.json's record of the command line. */
    public static List<String> redact(List<String> arguments) {
        List<String> redacted = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            redacted.add(redact(argument));
        }
        return redacted;
    }
}

package dev.bulk.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line a usage error prints: picocli's message, with a "did you mean" for a mistyped verb
 * or flag (as git and the AWS CLI offer), and without picocli's doubled word in "option option '--x'".
 */
final class UsageLine {
    private static final int MAX_SUGGESTIONS = 2;

    private UsageLine() {
    }

    static String of(ParameterException exception) {
        UnmatchedArgumentException unmatched = unmatched(exception);
        if (unmatched == null) {
            return exception.getMessage().replace("option option '", "option '");
        }
        CommandLine command = unmatched.getCommandLine();
        String typed = unmatched.getUnmatched().get(0);
        boolean root = command.getParent() == null;
        String help = root ? "'bulk --help'" : "'bulk " + command.getCommandName() + " --help'";
        String what = root && !typed.startsWith("-") ? "unknown verb '" + typed + "'"
                : (typed.startsWith("-") ? "unknown flag '" : "unexpected argument '") + typed + "'"
                        + (root ? "" : " for " + command.getCommandName());
        List<String> suggestions = unmatched.getSuggestions();
        List<String> best = suggestions.subList(0, Math.min(MAX_SUGGESTIONS, suggestions.size()));
        String guess = best.isEmpty() ? "" : "; did you mean " + String.join(" or ", best) + "?";
        return what + guess + " (see " + help + ")";
    }

    /**
     * The unmatched arguments behind the error. picocli checks required options before it reports
     * unmatched ones, so "--tabel t" would otherwise read "Missing required option: '--table'".
     */
    private static UnmatchedArgumentException unmatched(ParameterException exception) {
        if (exception instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unmatched;
        }
        CommandLine command = exception.getCommandLine();
        if (exception instanceof MissingParameterException && command != null && !command.getUnmatchedArguments().isEmpty()) {
            return new UnmatchedArgumentException(command, command.getUnmatchedArguments());
        }
        return null;
    }
}

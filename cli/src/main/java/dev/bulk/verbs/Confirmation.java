package dev.bulk.verbs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Asking on a terminal before a table is changed; separate so it can be tested without one. */
final class Confirmation {
    private Confirmation() {
    }

    static boolean ask(PrintStream err, String question, boolean yes, boolean terminal, Supplier<String> readLine) {
        if (yes) {
            return true;
        }
        if (!terminal) {
            err.println("(no terminal: going ahead without asking; pass --yes to say so explicitly)");
            return true;
        }
        err.print(question + " [y/N] ");
        err.flush();
        String answer = readLine.get();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }

    static Supplier<String> stdinLine() {
        return () -> {
            try {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        };
    }
}

package dev.bulk.verbs;

import dev.bulk.engine.JobConsole;
import dev.bulk.output.ProgressLine;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/** A job's notices and progress line on the stream given (the CLI's stderr); the line is drawn only on a terminal. */
public final class TerminalConsole implements JobConsole {
    private final PrintStream err;

    public TerminalConsole(PrintStream err) {
        this.err = err;
    }

    @Override
    public void notice(String line) {
        err.println(line);
    }

    @Override
    public Progress progress(String label, LongSupplier items, LongSupplier unitsMilli, long expectedItems) {
        ProgressLine line = new ProgressLine(err, ProgressLine.terminal(), label, items, unitsMilli, expectedItems);
        return line::close;
    }
}

package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The confirmation before a mutation: asked on a terminal, skipped with --yes, not asked without a terminal. */
class ConfirmationTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private final AtomicInteger reads = new AtomicInteger();

    private boolean ask(boolean yes, boolean terminal, String answer) {
        return Confirmation.ask(stream, "Delete 5 items?", yes, terminal, () -> {
            reads.incrementAndGet();
            return answer;
        });
    }

    @Test
    void onATerminalOnlyYesProceeds() {
        assertThat(ask(false, true, "y")).isTrue();
        assertThat(ask(false, true, " YES ")).isTrue();
        assertThat(ask(false, true, "")).isFalse();
        assertThat(ask(false, true, "no")).isFalse();
        assertThat(ask(false, true, null)).as("end of input").isFalse();
        assertThat(reads).hasValue(5);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Delete 5 items? [y/N] ");
    }

    @Test
    void yesAndNoTerminalProceedWithoutReading() {
        assertThat(ask(true, true, "n")).isTrue();
        assertThat(ask(false, false, "n")).isTrue();
        assertThat(reads).hasValue(0);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no terminal: going ahead without asking");
    }
}

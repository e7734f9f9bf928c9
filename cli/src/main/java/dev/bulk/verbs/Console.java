package dev.bulk.verbs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A verb's output streams: stdout for results, stderr for everything else. They are the ones
 * {@link Main} gave picocli, found through the verb's {@code @Spec}, so a verb never reaches for
 * the root command or System.out; a test captures them by passing its own streams to Main.run.
 */
public record Console(PrintStream out, PrintStream err) {
    /** The streams of the command line {@code spec} belongs to. */
    public static Console of(CommandSpec spec) {
        return new Console(stream(spec.commandLine().getOut()), stream(spec.commandLine().getErr()));
    }

    /** What Main hands picocli: a writer that still knows the stream it writes to. */
    public static PrintWriter writer(PrintStream stream) {
        return new StreamWriter(stream);
    }

    private static PrintStream stream(PrintWriter writer) {
        if (writer instanceof StreamWriter streamWriter) {
            return streamWriter.stream;
        }
        // A command line not set up by Main (picocli's default writers): text passes through whole.
        return new PrintStream(new WriterStream(writer), true, StandardCharsets.UTF_8);
    }

    private static final class StreamWriter extends PrintWriter {
        private final PrintStream stream;

        StreamWriter(PrintStream stream) {
            super(stream, true);
            this.stream = stream;
        }
    }

    /** Bytes to a writer; PrintStream flushes after whole strings, so a flush never splits a character. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() {
            writer.write(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            writer.flush();
        }
    }
}

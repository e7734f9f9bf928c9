package dev.bulk.verbs.read;

import dev.bulk.output.ResultFormat;
import dev.bulk.output.ResultWriter;
import dev.bulk.output.RunContext;
import java.io.PrintStream;

/**
 * The console part of a written result, byte for byte as the reference prints it: the counts a
 * script parses ("12 matching items:", "...and 4990 more not printed") carry no thousands
 * separators, the "Wrote" line does, and a blank line closes the block.
 */
final class Preview {
    private Preview() {
    }

    static void print(PrintStream out, ResultWriter.Written written, String what, String more, String noun, ResultFormat format) {
        long count = written.count();
        if (count <= ResultWriter.PREVIEW_ROWS) {
            out.println(count + " " + what + ":");
        } else {
            out.println("First " + ResultWriter.PREVIEW_ROWS + " " + what + ":");
        }
        written.preview().forEach(out::println);
        if (count > written.preview().size()) {
            out.println("...and " + (count - written.preview().size()) + " " + more);
        }
        out.println();
        String where = RunContext.shown(written.uri()) + "/";
        out.println(String.format("Wrote %,d %s in %s format to %s", count, noun, format.label(), where));
        out.println();
    }
}

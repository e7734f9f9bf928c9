package dev.bulk.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.ExitCodes;
import dev.bulk.Redaction;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.output.RunContext;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * --json: stdout carries exactly one JSON object, printed when the command ends however it ends,
 * and every line the verb prints goes to stderr. The object is the run's summary.json (one
 * accounting of the run, whichever way a program asks for it) with the exit code the process
 * returns and the error line it printed; a command refused before its run began still gets one,
 * with the run's fields null. The fields are documented in docs/JSON.md.
 */
public final class JsonResult {
    private final PrintStream stdout;
    private final String verb;
    private final List<String> arguments;
    private RunContext run;

    private JsonResult(PrintStream stdout, String verb, List<String> arguments) {
        this.stdout = stdout;
        this.verb = verb;
        this.arguments = List.copyOf(Redaction.redact(arguments));
    }

    /**
     * Keeps the verb's stdout for the object and points the verb's command line at stderr, so
     * every result line (and any component that asks the {@link Console} later) writes there.
     */
    static JsonResult divert(CommandSpec spec) {
        Console console = Console.of(spec);
        JsonResult json = new JsonResult(console.out(), spec.name(), spec.commandLine().getParseResult().originalArgs());
        spec.commandLine().setOut(Console.writer(console.err()));
        return json;
    }

    /** The run whose summary the object is, once it has an id and a folder. */
    void ran(RunContext run) {
        this.run = run;
    }

    /** Prints the object for a command that ended with {@code exitCode} and, if it failed, the error line it printed. */
    public void print(int exitCode, String error) {
        ObjectNode summary = run == null ? null : run.writtenSummary();
        ObjectNode object = summary != null ? summary.deepCopy() : refused(verb, arguments);
        if (summary == null || object.path("exitCode").asInt() != exitCode) {
            // The exit code decides: a run that failed after its summary was written says so here too.
            object.put("status", ExitCodes.status(exitCode));
            object.put("exitCode", exitCode);
        }
        if (error != null) {
            object.put("message", Redaction.redact(error));
        }
        stdout.println(AttributeValues.toJsonText(object));
        stdout.flush();
    }

    /**
     * The object of a command picocli refused while reading its flags (exit 2): the verb never
     * ran, so {@code print} has no run to describe.
     */
    public static void printRefused(PrintStream stdout, String verb, List<String> arguments, String error) {
        new JsonResult(stdout, verb, arguments).print(ExitCodes.USAGE, error);
    }

    /** The fields of a run that never began: the same names as a summary's, so a program reads one shape. */
    private static ObjectNode refused(String verb, List<String> arguments) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.putNull("runId");
        object.put("verb", verb);
        ArrayNode args = object.putArray("arguments");
        arguments.forEach(args::add);
        object.put("status", ExitCodes.status(ExitCodes.USAGE));
        object.put("exitCode", ExitCodes.USAGE);
        object.putNull("runFolder");
        object.putNull("startedAt");
        object.putNull("durationSeconds");
        object.putObject("counts");
        object.putObject("files");
        object.putArray("budgets");
        return object;
    }
}

package dev.bulk.verbs;

import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Every table verb's run folder, --dry-run and --json (each verb honours all three). */
public final class RunOptions {
    /** The AWS CLI's --output formats: typed out of habit, they would silently become a folder of that name. */
    private static final Set<String> AWS_CLI_FORMATS = Set.of("json", "text", "table", "yaml", "yaml-stream");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    String output;

    @Option(names = "--dry-run", description = "Print the table info, plan and cost estimate, then stop without doing the work.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON object on stdout when the command ends (the run's summary: "
            + "status, exit code, counts, run folder, result files) and everything else on stderr.")
    boolean json;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Run output folder (summary.json, failure files, results). Default: ./bulk-output/<run-id>/")
    void output(String value) {
        if (AWS_CLI_FORMATS.contains(value)) {
            throw new ParameterException(spec.commandLine(), "--output " + value + ": bulk's --output is the run's folder, not "
                    + "the AWS CLI's output format; for machine-readable results use --json (one JSON object on stdout) or "
                    + "summary.json in the run folder, or write ./" + value + " for a folder of that name");
        }
        output = value;
    }

    public String output() {
        return output;
    }

    public boolean json() {
        return json;
    }

    public boolean dryRun() {
        return dryRun;
    }
}

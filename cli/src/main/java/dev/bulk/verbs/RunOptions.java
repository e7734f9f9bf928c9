package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** Every table verb's run folder and --dry-run (each verb honours both). */
public final class RunOptions {
    @Option(names = "--output", paramLabel = "DIR",
            description = "Run output folder (summary.json, failure files, results). Default: ./bulk-output/<run-id>/")
    String output;

    @Option(names = "--dry-run", description = "Print the table info, plan and cost estimate, then stop without doing the work.")
    boolean dryRun;

    public String output() {
        return output;
    }

    public boolean dryRun() {
        return dryRun;
    }
}

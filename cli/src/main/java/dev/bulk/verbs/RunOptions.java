package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** Every table verb's run folder and --dry-run. */
final class RunOptions {
    @Option(names = "--output", paramLabel = "DIR",
            description = "Run output folder (summary.json, failure files, results). Default: ./bulk-output/<run-id>/")
    String output;

    @Option(names = "--dry-run", description = "Print the table info, plan and cost estimate, then stop without doing the work.")
    boolean dryRun;
}

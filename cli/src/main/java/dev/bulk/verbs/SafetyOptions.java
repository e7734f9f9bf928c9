package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** The rails of the verbs that write a table: --yes, --resume and --skip-pitr-check (--dry-run is every verb's, in RunOptions). */
final class SafetyOptions {
    @Option(names = "--yes", description = "Do not ask for confirmation (on a terminal the plan is shown and a yes is asked "
            + "for; without a terminal the run goes ahead, as the reference tool does).")
    boolean yes;

    @Option(names = "--resume", paramLabel = "RUN_ID|DIR", description = "Continue an interrupted or failed run: the same "
            + "command plus --resume and the run id (or its folder; --output may name the same folder). Finished units are "
            + "skipped; the others are done again.")
    String resume;

    @Option(names = "--skip-pitr-check", description = "Write even though point-in-time recovery is off (loud warning).")
    boolean skipPitrCheck;
}

package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** --resume, for the verbs whose runs are planned in units and checkpointed (not load: re-running a load is the way). */
public final class ResumeOption {
    @Option(names = "--resume", paramLabel = "RUN_ID|DIR", description = "Continue an interrupted or failed run: the same "
            + "command plus --resume and the run id (or its folder; --output may name the same folder). Finished units are "
            + "skipped; the others are done again.")
    String resume;

    public String resume() {
        return resume;
    }
}

package dev.bulk.verbs;

import dev.bulk.output.RunContext;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "truncate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes every item of a table, keeping the table (its settings, indexes, streams and PITR history).",
                "A parallel scan returns only the keys; " + KeyDeleteVerb.CONDITION_HELP,
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). Resumable with --resume."})
public final class TruncateVerb extends KeyDeleteVerb {
    @Override
    void validate() {
        validateMutation();
    }

    @Override
    Map<String, String> fingerprint() {
        return baseFingerprint();
    }

    @Override
    int execute(RunContext run) {
        return deleteAll(run, open());
    }
}

package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** --consistent-read (help line per verb in OptionHelp.properties: a GSI cannot be read consistently). */
public final class ConsistentReadOption {
    @Option(names = "--consistent-read", descriptionKey = "consistent-read",
            description = "Strongly consistent reads (twice the read units; not on a GSI).")
    boolean consistentRead;

    public boolean consistentRead() {
        return consistentRead;
    }
}

package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** --index, for the verbs that can read a secondary index instead of the table (help line per verb in OptionHelp.properties). */
public final class IndexOption {
    @Option(names = "--index", paramLabel = "NAME", descriptionKey = "index",
            description = "Read this GSI or LSI instead of the table.")
    String index;

    public String index() {
        return index;
    }
}

package dev.bulk.verbs;

import java.util.List;
import picocli.CommandLine.Option;

/** --orderby, with --limit the first N in this order (help line per verb in OptionHelp.properties). */
public final class OrderByOption {
    @Option(names = "--orderby", paramLabel = "COL [asc|desc]", arity = "1..2", descriptionKey = "orderby",
            description = "Sort by a column, ascending unless 'desc'; several as \"a desc, b\".")
    List<String> orderBy;

    /** The order's tokens as given, or null for none. */
    public List<String> orderBy() {
        return orderBy;
    }
}

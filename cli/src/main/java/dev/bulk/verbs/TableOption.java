package dev.bulk.verbs;

import picocli.CommandLine.Option;

/**
 * --table, declared once for every verb that works on a table. Each verb words its help line in
 * OptionHelp.properties (the key is bulk.VERB.table), since "the table to read" and "the table to
 * delete from" are the same flag.
 */
public final class TableOption {
    @Option(names = "--table", required = true, paramLabel = "NAME|ARN", descriptionKey = "table",
            description = "The table to read.")
    String table;

    public String table() {
        return table;
    }
}

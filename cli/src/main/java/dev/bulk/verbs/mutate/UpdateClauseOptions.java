package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.engine.DeclaredUpdate;
import dev.bulk.engine.UpdateGrammar;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * update's declarative flags: the update as DynamoDB expressions in which the user writes names
 * and values directly ({@link UpdateGrammar}); the alternative to a Java updater.
 */
public final class UpdateClauseOptions {
    @Option(names = "--set", paramLabel = "\"ATTR = VALUE\"",
            description = "Sets an attribute for every item (repeatable; several as \"a = 1, b = 2\"). The value is a literal "
                    + "(5, 'text', \"text\", true, false, null, [1, 2], {k: 'v'}), another attribute, one of them plus or "
                    + "minus another (\"n = n + 1\"), if_not_exists(attr, value) or list_append(list, [values]). Paths: "
                    + "a.b, l[0]; `quote` odd names. No #name or :value placeholders: bulk makes them.")
    List<String> set = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "ATTR", description = "Removes an attribute (path) from every item (repeatable).")
    List<String> remove = new ArrayList<>();

    @Option(names = "--add", paramLabel = "\"ATTR = NUMBER\"",
            description = "DynamoDB's ADD: adds the number to the attribute, which starts at 0 when missing (repeatable).")
    List<String> add = new ArrayList<>();

    @Option(names = "--condition", paramLabel = "EXPR",
            description = "Update only the items for which this DynamoDB condition holds when they are written, e.g. "
                    + "\"status = 'open' AND attribute_exists(owner)\" (comparisons, BETWEEN, IN, AND/OR/NOT, "
                    + "attribute_exists, attribute_not_exists, attribute_type, begins_with, contains, size). Items it "
                    + "does not hold for are left alone and counted as \"conditions failed\".")
    String condition;

    UpdateGrammar.Clauses clauses() {
        return new UpdateGrammar.Clauses(set, remove, add, condition);
    }

    /** Whether an update expression was given (--set, --remove or --add). */
    boolean given() {
        return clauses().any();
    }

    /** The syntax checked before anything is opened. */
    void check() {
        try {
            UpdateGrammar.check(clauses());
        } catch (UpdateGrammar.Invalid e) {
            throw usage(e);
        }
    }

    DeclaredUpdate parse(KeySchema keys) {
        try {
            return UpdateGrammar.parse(clauses(), keys);
        } catch (UpdateGrammar.Invalid e) {
            throw usage(e);
        }
    }

    /** The flags as given, for messages and the run's fingerprint. */
    String describe() {
        List<String> flags = new ArrayList<>();
        set.forEach(value -> flags.add("--set \"" + value + "\""));
        remove.forEach(value -> flags.add("--remove " + value));
        add.forEach(value -> flags.add("--add \"" + value + "\""));
        if (condition != null) {
            flags.add("--condition \"" + condition + "\"");
        }
        return String.join(" ", flags);
    }

    private static BulkException usage(UpdateGrammar.Invalid e) {
        return BulkException.usage(e.flag() + " \"" + e.value() + "\": " + e.getMessage());
    }
}

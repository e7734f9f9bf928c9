package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.scripts.ScriptCatalog;
import dev.bulk.scripts.ScriptException;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import picocli.CommandLine.Option;

/** --generator: fill's item generator or update's updater, a built-in name or a Java source (help per verb in OptionHelp.properties). */
public final class GeneratorOption {
    @Option(names = "--generator", required = true, paramLabel = "NAME|FILE.java", descriptionKey = "generator",
            description = "Item generator.")
    String generator;

    public String generator() {
        return generator;
    }

    /** The script of this kind; a usage error naming the flag when it cannot be found or compiled. */
    public ScriptRef resolve(ScriptKind kind, ScriptsDirOption scripts) {
        try {
            return ScriptCatalog.resolve(kind, generator, scripts.scriptsDir());
        } catch (ScriptException e) {
            throw BulkException.usage("--generator " + generator + ": " + e.getMessage());
        }
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.scripts.ScriptCatalog;
import dev.bulk.scripts.ScriptException;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** --generator: fill's item generator or update's updater, a built-in name or a Java source (help per verb in OptionHelp.properties). */
public final class GeneratorOption {
    // Not required by picocli: update may take an update expression instead; fill calls required().
    @Option(names = "--generator", paramLabel = "NAME|FILE.java", descriptionKey = "generator",
            description = "Item generator.")
    String generator;

    /**
     * The reference names the Python function to call; here a generator is a Java class whose
     * interface fixes the method, so only the reference's default name is meaningful.
     */
    @Option(names = "--generatorfunctionname", paramLabel = "NAME", defaultValue = "generate",
            description = "Accepted for compatibility (default: ${DEFAULT-VALUE}); only 'generate' has a meaning here because a "
                    + "generator is a Java class whose interface fixes the method.")
    void functionName(String name) {
        if (!"generate".equals(name)) {
            throw new ParameterException(spec.commandLine(), "--generatorfunctionname " + name + ": only 'generate' is accepted: "
                    + "a generator here is a Java class implementing the kind's interface (see scripts/)");
        }
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The value, or null when not given. */
    public String generator() {
        return generator;
    }

    /** For a verb that needs one: picocli's own wording for a missing required option. */
    public void required() {
        if (generator == null) {
            throw BulkException.usage("Missing required option: '--generator=NAME|FILE.java'");
        }
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

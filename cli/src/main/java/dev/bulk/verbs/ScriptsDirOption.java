package dev.bulk.verbs;

import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** --scripts-dir, the folder of user scripts (help line per verb in OptionHelp.properties: each kind has its subfolder). */
public final class ScriptsDirOption {
    @Option(names = "--scripts-dir", paramLabel = "DIR", defaultValue = "scripts", descriptionKey = "scripts-dir",
            description = "Folder of user scripts (default: ${DEFAULT-VALUE}).")
    String scriptsDir;

    public Path scriptsDir() {
        return Paths.get(scriptsDir);
    }
}

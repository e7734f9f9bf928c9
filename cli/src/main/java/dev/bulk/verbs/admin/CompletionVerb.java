package dev.bulk.verbs.admin;

import dev.bulk.ExitCodes;
import dev.bulk.verbs.Console;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a shell completion script for every verb and flag, generated from the commands
 * themselves so it never falls behind. zsh runs the same bash script through bashcompinit, which
 * the script itself loads when it finds it is sourced by zsh.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a completion script for bash or zsh: source <(bulk completion bash), or add that line to "
                + "~/.bashrc or ~/.zshrc.", "zsh uses the same script through bashcompinit, which the script loads itself."})
public final class CompletionVerb implements Callable<Integer> {
    /** The shells the script works in. */
    public enum Shell {
        bash, zsh
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        Console.of(spec).out().print(AutoComplete.bash("bulk", spec.root().commandLine()));
        Console.of(spec).out().flush();
        return ExitCodes.OK;
    }
}

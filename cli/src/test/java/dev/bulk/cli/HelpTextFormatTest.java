package dev.bulk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli passes every help line through String.format: a bare '%' ("50 % of") makes it print a
 * "[picocli WARN]" over the user's help (on the JVM's stderr, not the command's) and show the line
 * unformatted. Every command's help must render without a warning.
 */
class HelpTextFormatTest {
    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        List<String> usages = new ArrayList<>();
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream jvmErr = System.err;
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            render(new CommandLine(new RootCommand()), usages);
        } finally {
            System.setErr(jvmErr);
        }
        assertThat(usages).as("commands rendered").hasSizeGreaterThan(15);
        assertThat(String.join("\n", usages)).contains("--XMaxReadRate", "--XMaxWriteRate");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void render(CommandLine command, List<String> usages) {
        usages.add(command.getUsageMessage());
        for (CommandLine sub : command.getSubcommands().values()) {
            render(sub, usages);
        }
    }
}

package dev.bulk.cli;

import dev.bulk.verbs.admin.CompletionVerb;
import dev.bulk.verbs.admin.CreateTableVerb;
import dev.bulk.verbs.admin.GlueSetupVerbs;
import dev.bulk.verbs.admin.LocalVerb;
import dev.bulk.verbs.admin.QuickstartVerb;
import dev.bulk.verbs.diff.DiffVerb;
import dev.bulk.verbs.load.LoadVerb;
import dev.bulk.verbs.mutate.CopyVerb;
import dev.bulk.verbs.mutate.DeleteVerb;
import dev.bulk.verbs.mutate.FillVerb;
import dev.bulk.verbs.mutate.TruncateVerb;
import dev.bulk.verbs.mutate.UpdateVerb;
import dev.bulk.verbs.read.CountVerb;
import dev.bulk.verbs.read.ExportVerb;
import dev.bulk.verbs.read.FindVerb;
import dev.bulk.verbs.read.ScanCountVerb;
import dev.bulk.verbs.read.SqlVerb;
import dev.bulk.verbs.s3export.LoadExportVerb;
import dev.bulk.verbs.s3export.RevertExportVerb;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "bulk", mixinStandardHelpOptions = true, versionProvider = Versions.class, resourceBundle = "dev.bulk.verbs.OptionHelp",
        description = {"Bulk operations on Amazon DynamoDB tables of any size, on Apache Spark.",
                "Runs on Spark in this process by default; --master takes it to a cluster; --local uses the project's DynamoDB Local."},
        subcommands = {ScanCountVerb.class, CountVerb.class, FindVerb.class, SqlVerb.class, FillVerb.class, DeleteVerb.class, TruncateVerb.class, UpdateVerb.class, CopyVerb.class, DiffVerb.class, LoadVerb.class, ExportVerb.class, LoadExportVerb.class, RevertExportVerb.class, CreateTableVerb.class, QuickstartVerb.class,
                LocalVerb.class, GlueSetupVerbs.Bootstrap.class, GlueSetupVerbs.Teardown.class, CompletionVerb.class,
                HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 bad usage or input (nothing changed), 3 partial (see the failure file), 130 interrupted.",
                "Run 'bulk VERB --help' or 'bulk help VERB' for a verb's flags; 'bulk completion bash' for tab completion."})
public final class RootCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a verb is required; see 'bulk --help'");
    }
}

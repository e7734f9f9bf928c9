package dev.bulk.verbs.admin;

import dev.bulk.ExitCodes;
import dev.bulk.verbs.CompatOptions;
import dev.bulk.verbs.Console;
import dev.bulk.verbs.EngineOptions;
import dev.bulk.verbs.ReadOnlyRuns;
import dev.bulk.verbs.TargetOptions;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Bulk Executor's bootstrap and teardown, which create and remove its Glue job, role, bucket
 * and log groups. bulk needs none of them: it runs where it is started. Both verbs accept the
 * reference's flags, say what bulk needs instead, and succeed, so a setup script written for the
 * reference goes on to its bulk commands.
 */
public final class GlueSetupVerbs {
    private GlueSetupVerbs() {
    }

    /**
     * The flags the reference's setup commands take (its target, engine and Glue flags), accepted
     * so that a setup line runs as typed; only the Glue flags' values are checked.
     */
    static final class ReferenceFlags {
        @Mixin
        TargetOptions target;

        @Mixin
        EngineOptions engine;

        @Mixin
        CompatOptions compat;
    }

    private static void explain(PrintStream out, String verb) {
        out.println("bulk " + verb + ": nothing to " + (verb.equals("bootstrap") ? "set up" : "remove")
                + ". bulk creates no Glue job, IAM role, S3 bucket or log group: every verb runs Spark in this process "
                + "(or on the cluster --master names) and talks to DynamoDB with your own credentials.");
        out.println("To run bulk on AWS Glue or Amazon EMR instead, see docs/CLUSTER-AWS.md (the job, its role and its "
                + "permissions).");
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true,
            description = {"For the Bulk Executor's users: bulk needs no bootstrap (no Glue job, role or bucket); says so and "
                    + "exits 0.", "Accepts the reference's flags; for Glue or EMR see docs/CLUSTER-AWS.md."})
    public static final class Bootstrap implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ReferenceFlags flags;

        @Option(names = "--XRole", paramLabel = "ROLE",
                description = "Accepted for compatibility; no effect here because bulk creates no Glue role: it uses your "
                        + "credentials (on Glue, the job's role; see docs/CLUSTER-AWS.md).")
        String role;

        @Option(names = "--XMaxConcurrentRuns", paramLabel = "N",
                description = "Accepted for compatibility; no effect here because there is no shared Glue job: each bulk "
                        + "command is its own run.")
        Integer maxConcurrentRuns;

        @Override
        public Integer call() {
            flags.compat.validate();
            explain(Console.of(spec).out(), "bootstrap");
            return ExitCodes.OK;
        }
    }

    @Command(name = "teardown", mixinStandardHelpOptions = true,
            description = {"For the Bulk Executor's users: bulk has nothing to tear down; says so and exits 0.",
                    "Run folders (./bulk-output/; the read-only verbs' in ~/.bulk/runs/) and 'bulk local' data are yours to "
                            + "delete."})
    public static final class Teardown implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ReferenceFlags flags;

        @Override
        public Integer call() {
            flags.compat.validate();
            explain(Console.of(spec).out(), "teardown");
            Console.of(spec).out().println("Run folders (./bulk-output/ unless --output said otherwise; the read-only "
                    + "verbs' in ~/.bulk/runs/, $BULK_HOME/runs/, which keeps the newest " + ReadOnlyRuns.KEPT + ") and the data "
                    + "of 'bulk local' stay; delete them yourself when you no longer need them.");
            return ExitCodes.OK;
        }
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableRef;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The rails of the verbs that write a table: --yes and --skip-pitr-check (--dry-run is every
 * verb's, in RunOptions; --resume is ResumeOption, since load does not resume).
 */
public final class SafetyOptions {
    @Option(names = "--yes", description = "Do not ask for confirmation (on a terminal the plan is shown and a yes is asked "
            + "for; without a terminal the run goes ahead, as the reference tool does).")
    boolean yes;

    @Option(names = "--skip-pitr-check", description = "Write even though point-in-time recovery is off (loud warning).")
    boolean skipPitrCheck;

    /** The PITR gate on the table a run writes. */
    public void requirePitr(DynamoSession session, TableRef written, PrintStream err) {
        MutationGuard.requirePitr(session, written, skipPitrCheck, err);
    }

    /** Asks before changing anything: on a terminal unless --yes; without one the run goes ahead. */
    public void confirm(String question, PrintStream err) {
        if (!Confirmation.ask(err, question, yes, System.console() != null, Confirmation.stdinLine())) {
            throw new BulkException(BulkException.Kind.FAILED, "not confirmed: nothing was changed");
        }
    }
}

package dev.bulk.verbs;

import dev.bulk.dynamo.Backups;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableRef;
import dev.bulk.output.RunContext;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * --backup: an on-demand backup (CreateBackup) of the table a run is about to change, taken after
 * the confirmation and before the first write. The run does not wait for the backup to become
 * AVAILABLE: DynamoDB makes it consistent as of the moment it accepts the request, so nothing the
 * run writes afterwards is in it. Without the API at the endpoint (DynamoDB Local) a warning, and
 * the run goes on, as a local test run should; any other refusal stops the run before it writes.
 */
public final class BackupOption {
    @Option(names = "--backup", description = "Take an on-demand backup (CreateBackup) of the table before changing it, "
            + "named bulk-<run id>; its ARN is printed and recorded in summary.json. On an endpoint without backups "
            + "(DynamoDB Local) a warning, and the run goes on.")
    boolean backup;

    public boolean requested() {
        return backup;
    }

    /** With --backup: the backup of {@code table} (a dry run only says it would take one). */
    public void take(RunContext run, ClientSettings settings, TableRef table, boolean dryRun, PrintStream err) {
        if (!backup) {
            return;
        }
        String name = Backups.name(run.runId());
        Map<String, String> fact = new LinkedHashMap<>();
        fact.put("table", table.name());
        fact.put("name", name);
        if (dryRun) {
            err.println("--dry-run: would take an on-demand backup '" + name + "' of '" + table.name() + "' first (none was taken)");
            fact.put("status", "DRY_RUN");
            run.fact("backup", fact);
            return;
        }
        Backups.Outcome outcome = Backups.create(new DynamoSession(settings), table, name);
        if (outcome.backup() == null) {
            err.println("bulk: warning: no backup of '" + table.name() + "' was taken: " + outcome.unsupported()
                    + "; going on without one");
            fact.put("status", "UNSUPPORTED");
            fact.put("reason", outcome.unsupported());
        } else {
            Backups.Made made = outcome.backup();
            err.println("Backup of '" + table.name() + "' before the changes: " + made.arn() + " (" + made.status()
                    + "; it holds the table as of now)");
            fact.put("status", made.status());
            fact.put("arn", made.arn());
        }
        run.fact("backup", fact);
    }
}

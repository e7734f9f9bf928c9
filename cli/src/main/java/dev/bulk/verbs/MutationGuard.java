package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableRef;
import java.io.PrintStream;

/** The point-in-time-recovery gate every mutating verb passes before writing. */
final class MutationGuard {
    private MutationGuard() {
    }

    static void requirePitr(DynamoSession session, TableRef table, boolean skip, PrintStream err) {
        DynamoSession.Pitr pitr = session.pitr(table);
        if (pitr == DynamoSession.Pitr.ENABLED) {
            return;
        }
        if (skip) {
            err.println("WARNING: --skip-pitr-check: writing to '" + table.name() + "' WITHOUT point-in-time recovery; "
                    + "a mistake cannot be rolled back.");
            return;
        }
        if (pitr == DynamoSession.Pitr.UNKNOWN) {
            err.println("warning: could not check point-in-time recovery on '" + table.name()
                    + "' (the endpoint does not implement DescribeContinuousBackups, e.g. DynamoDB Local); going on.");
            return;
        }
        throw BulkException.usage("for safety, point-in-time recovery (PITR) must be enabled on table '" + table.name()
                + "' before bulk mutations (enable it, or pass --skip-pitr-check to write anyway)");
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.RetryPolicy;
import dev.bulk.engine.MutationAction;
import picocli.CommandLine.Option;

/** --XWriteDeadline: how long per-item writes keep trying before an item goes to the failure file. */
public final class WriteDeadline {
    static final int DEFAULT_SECONDS = (int) (RetryPolicy.ITEMS.budgetMillis() / 1000);
    private static final int MAX_SECONDS = 3600;

    @Option(names = "--XWriteDeadline", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long one item's write is retried (throttles, 5xx, no answer) before it is listed in the failure "
                    + "file (1..3600, default ${DEFAULT-VALUE}). Once DynamoDB has not answered at all for this long, a task "
                    + "stops sending and lists its remaining items, so a dead endpoint ends the run in bounded time (exit 3).")
    int seconds = DEFAULT_SECONDS;

    /** The target with this deadline for its per-item writes; a usage error for a value out of range. */
    public MutationAction.Target apply(MutationAction.Target target) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw BulkException.usage("--XWriteDeadline: must be between 1 and " + MAX_SECONDS + " seconds, got " + seconds);
        }
        return target.withItemRetry(RetryPolicy.ITEMS.withBudgetMillis(seconds * 1000L));
    }
}

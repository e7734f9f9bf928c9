package dev.bulk.engine;

import dev.bulk.BulkException;

/** Turns a failed or cancelled job (of Spark or the direct engine) into one categorized, one-line error. */
public final class JobFailures {
    private JobFailures() {
    }

    /**
     * @param control the job's cancellation: a Ctrl-C or a passed deadline decides the kind
     * @param progress what was done, e.g. "5,300 items confirmed written"
     */
    static BulkException fromJob(Throwable e, Cancellation control, String progress) {
        if (control.interrupted()) {
            return new BulkException(BulkException.Kind.INTERRUPTED, "interrupted: " + control.what() + " was cancelled; " + progress);
        }
        if (control.timedOut()) {
            return new BulkException(BulkException.Kind.FAILED, "--XTimeout reached: " + control.what() + " was cancelled; "
                    + progress);
        }
        BulkException bulk = BulkException.findIn(e);
        if (bulk != null && bulk.kind() == BulkException.Kind.USAGE) {
            return bulk;
        }
        if (bulk != null) {
            // A task's own error: it says what went wrong, the count says what DynamoDB had confirmed by then.
            return new BulkException(bulk.kind(), bulk.getMessage() + " (" + progress + ")", bulk);
        }
        return BulkException.failed("the job failed (" + progress + "): " + rootMessage(e), e);
    }

    /** "N what by the tasks that finished": accumulators only hold finished tasks; cancelled ones may have done more. */
    public static String finished(long done, String what) {
        return String.format("%,d %s by the tasks that finished", done, what);
    }

    /** The innermost cause's first line: in a Spark failure that is the task's real error. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

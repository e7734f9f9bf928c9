package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.engine.JobControl;

/** Turns a failed or cancelled Spark job into one categorized, one-line error. */
final class Failures {
    private Failures() {
    }

    static BulkException fromJob(Throwable e, JobControl control, long done, String doneWhat) {
        // Accumulators only hold finished tasks: cancelled tasks may have done more than this.
        return fromJob(e, control, String.format("%,d %s by the tasks that finished", done, doneWhat));
    }

    /** @param progress what was done, e.g. "5,300 items confirmed written" */
    static BulkException fromJob(Throwable e, JobControl control, String progress) {
        if (control.interrupted()) {
            return new BulkException(BulkException.Kind.INTERRUPTED, "interrupted: the Spark job was cancelled; " + progress);
        }
        if (control.timedOut()) {
            return new BulkException(BulkException.Kind.FAILED, "--XTimeout reached: the Spark job was cancelled; " + progress);
        }
        BulkException bulk = BulkException.findIn(e);
        if (bulk != null) {
            return bulk;
        }
        return BulkException.failed("the job failed (" + progress + "): " + rootMessage(e), e);
    }

    /** The innermost cause's first line: in a Spark failure that is the task's real error. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

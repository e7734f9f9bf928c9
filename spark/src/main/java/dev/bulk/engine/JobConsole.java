package dev.bulk.engine;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running job tells the person who started it. The engine knows nothing of terminals:
 * the CLI prints these on its stderr (the CLI's verbs.TerminalConsole); a library user gets the notices
 * in the Spark log and no progress line.
 */
public interface JobConsole {
    /** Notices go to the log of whoever runs the job, e.g. in a Spark application using the engine as a library. */
    JobConsole LOG = new JobConsole() {
        private final Logger log = LoggerFactory.getLogger(JobConsole.class);

        @Override
        public void notice(String line) {
            log.warn(line);
        }
    };

    /** A live progress display; closing it ends the display. */
    interface Progress extends AutoCloseable {
        @Override
        void close();
    }

    /** A line the user must see now: a Ctrl-C being acted on, a warning. */
    void notice(String line);

    /**
     * Shows progress while a job runs.
     *
     * @param label what the items are, e.g. "deleted"
     * @param items items done so far
     * @param unitsMilli capacity units used so far, in thousandths
     * @param expectedItems about how many items the job will handle (0 if unknown)
     */
    default Progress progress(String label, LongSupplier items, LongSupplier unitsMilli, long expectedItems) {
        return () -> { };
    }
}

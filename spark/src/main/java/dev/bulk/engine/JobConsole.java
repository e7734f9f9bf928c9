package dev.bulk.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running job tells the person who started it. The engine knows nothing of terminals:
 * the CLI prints these lines on its stderr; a library user gets them in the Spark log.
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

    /** A line the user must see now: a Ctrl-C being acted on, a warning. */
    void notice(String line);
}

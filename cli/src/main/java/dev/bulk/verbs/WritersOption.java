package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/** --writers-per-task, for the verbs whose writes run through MutationRun's write target. */
public final class WritersOption {
    @Option(names = "--writers-per-task", paramLabel = "N", defaultValue = "16",
            description = "Write requests in flight per Spark task (default: ${DEFAULT-VALUE}).")
    int writersPerTask = 16;

    public int writersPerTask() {
        return writersPerTask;
    }

    public void validate() {
        if (writersPerTask < 1 || writersPerTask > 256) {
            throw BulkException.usage("--writers-per-task: must be between 1 and 256, got " + writersPerTask);
        }
    }
}

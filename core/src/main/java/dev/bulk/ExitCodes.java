package dev.bulk;

/**
 * The process exit codes, defined here only: the CLI returns them, {@link BulkException.Kind}
 * maps each kind of error to one, and scripts depend on their values.
 */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The operation failed. */
    public static final int FAILED = 1;
    /** Bad usage or input; nothing was changed. */
    public static final int USAGE = 2;
    /** Finished, but some items failed; they are listed in the failure files. */
    public static final int PARTIAL = 3;
    /** Interrupted by the user (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The word summary.json and --json give for an exit code: succeeded, failed, usage, partial or interrupted. */
    public static String status(int exitCode) {
        return switch (exitCode) {
            case OK -> "succeeded";
            case USAGE -> "usage";
            case PARTIAL -> "partial";
            case INTERRUPTED -> "interrupted";
            default -> "failed";
        };
    }
}

package dev.bulk;

/**
 * An error categorized once, where it is detected, and reported once by the CLI: its message is
 * the one line the user sees, and its kind decides the exit code.
 */
public class BulkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Bad usage or input; nothing was changed. */
        USAGE(ExitCodes.USAGE),
        /** The operation failed. */
        FAILED(ExitCodes.FAILED),
        /** Finished, but some items failed (see the failure file). */
        PARTIAL(ExitCodes.PARTIAL),
        /** Interrupted by the user. */
        INTERRUPTED(ExitCodes.INTERRUPTED);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public BulkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BulkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static BulkException usage(String message) {
        return new BulkException(Kind.USAGE, message);
    }

    public static BulkException failed(String message, Throwable cause) {
        return new BulkException(Kind.FAILED, message, cause);
    }

    /** The first BulkException in a cause chain (Spark wraps task errors several levels deep), or null. */
    public static BulkException findIn(Throwable throwable) {
        Throwable current = throwable;
        for (int depth = 0; current != null && depth < 20; depth++) {
            if (current instanceof BulkException bulk) {
                return bulk;
            }
            current = current.getCause();
        }
        return null;
    }

    public Kind kind() {
        return kind;
    }
}

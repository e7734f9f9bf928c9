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

    /**
     * What a usage error is about, when it is one of the things the caller chose. The code that detects
     * the error does not know how its caller's user named that thing (a CLI flag, a connector option,
     * the second table of a diff), so the caller names it: {@link #namedAs}.
     */
    public enum Subject {
        /** The table (it does not exist, or already does). */
        TABLE,
        /** The index of the table. */
        INDEX,
        /** The endpoint (not reachable, or not DynamoDB). */
        ENDPOINT,
        /** The credentials (none found). */
        CREDENTIALS,
        /** The point-in-time-recovery check before a change (it could not be made). */
        PITR_CHECK,
        /** The columns the user declared for the table instead of inferring them. */
        SCHEMA
    }

    private final Kind kind;
    private final Subject subject;
    private final String name;

    public BulkException(Kind kind, String message) {
        this(kind, null, null, message, null);
    }

    public BulkException(Kind kind, String message, Throwable cause) {
        this(kind, null, null, message, cause);
    }

    private BulkException(Kind kind, Subject subject, String name, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.subject = subject;
        this.name = name;
    }

    public static BulkException usage(String message) {
        return new BulkException(Kind.USAGE, message);
    }

    /** A usage error about one of the caller's choices; its message names the thing, never a flag. */
    public static BulkException usage(Subject subject, String message) {
        return new BulkException(Kind.USAGE, subject, null, message, null);
    }

    /** What this error is about, or null when it is not about one of the caller's choices. */
    public Subject subject() {
        return subject;
    }

    /** Whether a caller has already named the subject (the first naming, nearest the cause, wins). */
    public boolean named() {
        return name != null;
    }

    /** This error with its message prefixed by the name the user gave the subject: "--table2: table 'x' …". */
    public BulkException namedAs(String userName) {
        return named() ? this : new BulkException(kind, subject, userName, super.getMessage(), getCause());
    }

    @Override
    public String getMessage() {
        return name == null ? super.getMessage() : name + ": " + super.getMessage();
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

package dev.bulk.cli;

/** Exit codes: 0 done, 1 failed, 2 bad input (nothing changed), 3 some items failed (listed in the failure files), 130 interrupted. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int PARTIAL = 3;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}

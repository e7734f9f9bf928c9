package dev.bulk.cli;

/** Exit codes (DESIGN §8). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int PARTIAL = 3;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}

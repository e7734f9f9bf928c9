package dev.bulk;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Where one command's wall time goes: the spans its fixed costs take (the JVM's start, reading the
 * command line, Spark's start and stop, DynamoDB's control-plane calls, the Spark jobs), on one
 * clock from the command's start, printed with --verbose. Spans may overlap (Spark starts in the
 * background while the table is described); the report says how much time no span covers. One
 * command runs per process, so the timeline is process-wide and each command resets it.
 */
public final class Timeline {
    /** A named stretch of the command's time, in nanoseconds on {@link System#nanoTime()}. */
    public record Span(String name, long startNanos, long endNanos) {
    }

    private static final List<Span> SPANS = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean FIRST_COMMAND = new AtomicBoolean(true);
    private static volatile long originNanos = System.nanoTime();
    private static volatile long commandStartNanos = originNanos;

    private Timeline() {
    }

    /**
     * Starts a command's timeline. The first command of a process begins it at the JVM's start,
     * with the time until now as the first span (JVM start, class loading, the launcher).
     */
    public static void reset() {
        SPANS.clear();
        long now = System.nanoTime();
        commandStartNanos = now;
        if (FIRST_COMMAND.getAndSet(false)) {
            long sinceJvmStart = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            originNanos = now - sinceJvmStart;
            SPANS.add(new Span("JVM start and loading the jar, until main()", originNanos, now));
        } else {
            originNanos = now;
        }
    }

    /** A span from {@link #reset()} until now (what happened before the first instrumented step). */
    public static void sinceStart(String name) {
        SPANS.add(new Span(name, commandStartNanos, System.nanoTime()));
    }

    /** A span from {@code startNanos} (on {@link System#nanoTime()}) until now. */
    public static void record(String name, long startNanos) {
        SPANS.add(new Span(name, startNanos, System.nanoTime()));
    }

    /** Times {@code work} as a span named {@code name}, however it ends. */
    public static <T> T time(String name, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            SPANS.add(new Span(name, start, System.nanoTime()));
        }
    }

    /** Times {@code work} as a span named {@code name}, however it ends. */
    public static void time(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    /** The spans so far, by start. */
    public static List<Span> spans() {
        List<Span> sorted = new ArrayList<>(SPANS);
        sorted.sort(Comparator.comparingLong(Span::startNanos));
        return sorted;
    }

    /** The report: each span with its start and length, the total, and the time no span covers. */
    public static List<String> report() {
        long end = System.nanoTime();
        List<Span> spans = spans();
        List<String> lines = new ArrayList<>();
        lines.add("Where the time went (seconds from the command's start; spans may overlap):");
        long covered = 0;
        long coveredUntil = originNanos;
        for (Span span : spans) {
            lines.add(String.format("  %7.2f  %6.2f  %s", seconds(span.startNanos() - originNanos), seconds(span.endNanos()
                    - span.startNanos()), span.name()));
            long from = Math.max(span.startNanos(), coveredUntil);
            if (span.endNanos() > from) {
                covered += span.endNanos() - from;
                coveredUntil = span.endNanos();
            }
        }
        lines.add(String.format("  total %.2f s; in none of the spans above (planning, printing, the rest): %.2f s",
                seconds(end - originNanos), seconds(end - originNanos - covered)));
        return lines;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

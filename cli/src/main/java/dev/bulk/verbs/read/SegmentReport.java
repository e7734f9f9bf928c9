package dev.bulk.verbs.read;

import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/** Per-segment table with skew ratio, and the sampled estimate with its 95% confidence interval. */
final class SegmentReport {
    static final double SKEW_WARNING = 5.0;

    /** A sampled estimate; margin is the 95% half-width, or -1 when one segment cannot give one. */
    record Estimate(long sampled, int segmentsSampled, int totalSegments, long total, double margin, double stddev,
            double mean) {
    }

    private final List<SegmentCount> counts;
    private final int totalSegments;

    SegmentReport(List<SegmentCount> counts, int totalSegments) {
        this.counts = counts;
        this.totalSegments = totalSegments;
    }

    void printTable(PrintStream out) {
        List<SegmentCount> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparingLong(SegmentCount::count).reversed().thenComparingInt(SegmentCount::segment));
        long total = sorted.stream().mapToLong(SegmentCount::count).sum();
        int width = Math.max(7, String.format("%,d", total).length());
        out.println(String.format("%-8s | %" + width + "s | %s", "Segment", "Count", "% of Total"));
        out.println("-".repeat(8) + "-+-" + "-".repeat(width) + "-+-" + "-".repeat(10));
        for (SegmentCount count : sorted) {
            double share = total == 0 ? 0 : 100.0 * count.count() / total;
            out.println(String.format("%-8d | %," + width + "d | %9.2f%%", count.segment(), count.count(), share));
        }
        out.println("-".repeat(8) + "-+-" + "-".repeat(width) + "-+-" + "-".repeat(10));
        double mean = sorted.isEmpty() ? 0 : (double) total / sorted.size();
        out.println(String.format("%-8s | %," + width + "d |", "Total", total));
        out.println(String.format("%-8s | %," + width + ".1f |", "Mean", mean));
        long max = sorted.isEmpty() ? 0 : sorted.get(0).count();
        if (mean > 0) {
            double skew = max / mean;
            out.println(String.format("Skew ratio (max/mean): %.2fx", skew));
            if (skew > SKEW_WARNING) {
                out.println("WARNING: Significant data skew detected. The hottest segment has >5x the average item count.");
            }
        }
        out.println();
    }

    /** Estimate of the whole table from the sampled segments, with finite-population correction. */
    Estimate estimate() {
        int k = counts.size();
        long sampled = counts.stream().mapToLong(SegmentCount::count).sum();
        double mean = k == 0 ? 0 : (double) sampled / k;
        long total = Math.round(mean * totalSegments);
        if (k < 2) {
            return new Estimate(sampled, k, totalSegments, total, -1, 0, mean);
        }
        double squares = 0;
        for (SegmentCount count : counts) {
            squares += (count.count() - mean) * (count.count() - mean);
        }
        double stddev = Math.sqrt(squares / (k - 1));
        // Variance of a sample mean drawn without replacement: s²/k · (1 − k/N); Student's t for small k.
        double fpc = Math.sqrt(Math.max(0, 1 - (double) k / totalSegments));
        double standardError = totalSegments * stddev / Math.sqrt(k) * fpc;
        double t = new TDistribution(k - 1).inverseCumulativeProbability(0.975);
        return new Estimate(sampled, k, totalSegments, total, t * standardError, stddev, mean);
    }

    void printEstimate(PrintStream out, Estimate estimate, boolean tableShown) {
        out.println(String.format("Sampled count: %,d (across %d of %d segments)", estimate.sampled(),
                estimate.segmentsSampled(), estimate.totalSegments()));
        if (estimate.total() == 0) {
            out.println("Estimated total: 0 (every sampled segment was empty)");
            return;
        }
        if (estimate.margin() < 0) {
            out.println(String.format("Estimated total: %,d (only one segment sampled — too small for a confidence interval)",
                    estimate.total()));
            return;
        }
        double relative = 100.0 * estimate.margin() / estimate.total();
        long low = Math.max(0, Math.round(estimate.total() - estimate.margin()));
        long high = Math.round(estimate.total() + estimate.margin());
        out.println(String.format("Estimated total: %,d ± %.1f%%  (95%% CI: %,d – %,d)", estimate.total(), relative, low, high));
        String note = estimate.stddev() / estimate.mean() > 1
                ? "Note: high variation across sampled segments (data skew) widens this margin."
                : "Note: estimate assumes segment sizes are representative.";
        out.println(tableShown ? note : note + " Add --per-segment to inspect it.");
    }
}

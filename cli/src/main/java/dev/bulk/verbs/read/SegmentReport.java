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
            double mean, double t) {
    }

    private final List<SegmentCount> counts;
    private final int totalSegments;

    SegmentReport(List<SegmentCount> counts, int totalSegments) {
        this.counts = counts;
        this.totalSegments = totalSegments;
    }

    /**
     * The reference's table, byte for byte: a blank line, the header, the segments by count
     * (largest first), Total and Mean, then the skew ratio after a blank line.
     */
    void printTable(PrintStream out) {
        List<SegmentCount> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparingLong(SegmentCount::count).reversed().thenComparingInt(SegmentCount::segment));
        long total = sorted.stream().mapToLong(SegmentCount::count).sum();
        String rule = String.format("%8s  %12s  %10s", "-------", "-----", "----------");
        out.println();
        out.println(String.format("%8s  %12s  %10s", "Segment", "Count", "% of Total"));
        out.println(rule);
        for (SegmentCount count : sorted) {
            double share = total == 0 ? 0 : 100.0 * count.count() / total;
            out.println(String.format("%8d  %,12d  %9.1f%%", count.segment(), count.count(), share));
        }
        out.println(rule);
        double mean = sorted.isEmpty() ? 0 : (double) total / sorted.size();
        out.println(String.format("%8s  %,12d", "Total", total));
        out.println(String.format("%8s  %,12.1f", "Mean", mean));
        if (mean > 0) {
            double skew = sorted.get(0).count() / mean;
            out.println();
            out.println(String.format("Skew ratio (max/mean): %.2fx", skew));
            if (skew > SKEW_WARNING) {
                out.println("WARNING: Significant data skew detected. The hottest segment has >5x the average item count.");
            }
        }
    }

    /** Estimate of the whole table from the sampled segments, with finite-population correction. */
    Estimate estimate() {
        int k = counts.size();
        long sampled = counts.stream().mapToLong(SegmentCount::count).sum();
        double mean = k == 0 ? 0 : (double) sampled / k;
        // Half to even, as the reference's round() does.
        long total = (long) Math.rint(mean * totalSegments);
        if (k < 2) {
            return new Estimate(sampled, k, totalSegments, total, -1, 0, mean, 0);
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
        return new Estimate(sampled, k, totalSegments, total, t * standardError, stddev, mean, t);
    }

    /**
     * The reference's estimate lines, byte for byte (a blank line, "Sampled count:", "Estimated
     * total:" with its margin, a note), plus one line saying how the margin was found: Student's t
     * for k − 1 degrees of freedom, where the reference uses 1.96 whatever k is and so understates
     * the margin when few segments are sampled (t is 2.26 for 10 segments, 2.09 for 20).
     */
    void printEstimate(PrintStream out, Estimate estimate, boolean tableShown) {
        out.println();
        out.println(String.format("Sampled count:   %,15d   (across %d of %d segments)", estimate.sampled(),
                estimate.segmentsSampled(), estimate.totalSegments()));
        if (estimate.margin() < 0) {
            out.println(String.format("Estimated total: %,15d", estimate.total()));
            out.println("Note: only one segment sampled — too small for a confidence interval. Raise --sample-fraction for an "
                    + "error margin.");
            return;
        }
        if (estimate.total() == 0) {
            out.println(String.format("Estimated total: %,15d", estimate.total()));
            out.println("Note: every sampled segment was empty; no items found in the sample.");
            return;
        }
        double relative = 100.0 * estimate.margin() / estimate.total();
        long low = Math.max(0, (long) Math.rint(estimate.total() - estimate.margin()));
        long high = (long) Math.rint(estimate.total() + estimate.margin());
        out.println(String.format("Estimated total: %,15d   ± %.1f%%  (95%% CI: %,d – %,d)", estimate.total(), relative, low, high));
        String hint = tableShown ? "" : " Add --per-segment to inspect it.";
        out.println(estimate.stddev() / estimate.mean() > 1
                ? "Note: high variation across sampled segments (data skew) widens this margin." + hint
                : "Note: estimate assumes segment sizes are representative." + hint);
        out.println(String.format("Note: the margin is Student's t for %d degrees of freedom (t = %.3f) times the standard "
                + "error; the Bulk Executor uses 1.96, which understates it for few segments.", estimate.segmentsSampled() - 1,
                estimate.t()));
    }
}

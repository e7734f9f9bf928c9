package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.SegmentPlanner;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** --sample-fraction and --seed: which segments a scan covers, and in what order (help per verb in OptionHelp.properties). */
public final class SampleOptions {
    @Option(names = "--sample-fraction", paramLabel = "F", descriptionKey = "sample-fraction",
            description = "Scan only this fraction (0 < F <= 1) of the segments and estimate the total.")
    Double sampleFraction;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for choosing and ordering segments (reproducible samples).")
    Long seed;

    public void validate() {
        if (sampleFraction != null && !(sampleFraction > 0 && sampleFraction <= 1)) {
            throw BulkException.usage("--sample-fraction: must be > 0 and <= 1.0, got " + sampleFraction);
        }
    }

    public double fraction() {
        return sampleFraction == null ? 1.0 : sampleFraction;
    }

    /** The segments of {@code total} to scan, in a random (or --seed) order: all of them, or a sample. */
    public List<Integer> choose(int total) {
        long randomSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        return fraction() < 1 ? SegmentPlanner.sample(total, fraction(), randomSeed) : SegmentPlanner.shuffled(total, randomSeed);
    }

    /** A fraction as a percentage without trailing zeros ("12.5"). */
    public static String percent(double fraction) {
        String text = String.format("%.3f", fraction * 100);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}

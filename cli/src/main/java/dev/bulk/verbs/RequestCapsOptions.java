package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/**
 * Caps on top of the capacity budget, for operators who size a job by requests or items rather
 * than units: every table verb honours them, locally and on a cluster (the driver holds them).
 */
public final class RequestCapsOptions {
    @Option(names = "--max-concurrency", paramLabel = "N",
            description = "At most N DynamoDB requests in flight at once across the job (per table read or written), "
                    + "on top of the rate. Default: no cap.")
    Integer maxConcurrency;

    @Option(names = "--max-items-per-second", paramLabel = "N",
            description = "At most N items read or written per second across the job (per table), on top of the rate. "
                    + "Default: no cap.")
    Double maxItemsPerSecond;

    public Integer maxConcurrency() {
        return maxConcurrency;
    }

    public Double maxItemsPerSecond() {
        return maxItemsPerSecond;
    }

    public void validate() {
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw BulkException.usage("--max-concurrency: must be at least 1 request, got " + maxConcurrency);
        }
        if (maxItemsPerSecond != null && !(maxItemsPerSecond > 0 && Double.isFinite(maxItemsPerSecond))) {
            throw BulkException.usage("--max-items-per-second: must be a positive number, got " + maxItemsPerSecond);
        }
    }

    /** The line that says the caps, or null without any. */
    public String describe() {
        if (maxConcurrency == null && maxItemsPerSecond == null) {
            return null;
        }
        StringBuilder line = new StringBuilder("Caps:");
        if (maxConcurrency != null) {
            line.append(String.format(" at most %,d request%s in flight", maxConcurrency, maxConcurrency == 1 ? "" : "s"));
        }
        if (maxItemsPerSecond != null) {
            line.append(maxConcurrency != null ? ";" : "").append(String.format(" at most %,.0f items/s", maxItemsPerSecond));
        }
        return line.append(" (each table read or written)").toString();
    }
}

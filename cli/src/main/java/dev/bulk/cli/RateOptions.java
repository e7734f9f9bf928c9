package dev.bulk.cli;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/** Throughput budget and price overrides. */
public final class RateOptions {
    @Option(names = "--XMaxReadRate", paramLabel = "UNITS",
            description = "Read budget in capacity units per second for the whole job (default: the table's ceiling).")
    Double maxReadRate;

    @Option(names = "--XMaxWriteRate", paramLabel = "UNITS",
            description = "Write budget in capacity units per second for the whole job (default: the table's ceiling).")
    Double maxWriteRate;

    @Option(names = "--read-price", paramLabel = "USD",
            description = "Price per million read request units for the cost estimate (default: built-in table per region).")
    Double readPrice;

    @Option(names = "--write-price", paramLabel = "USD",
            description = "Price per million write request units for the cost estimate (default: built-in table per region).")
    Double writePrice;

    public Double maxReadRate() {
        return maxReadRate;
    }

    public Double maxWriteRate() {
        return maxWriteRate;
    }

    public Double readPrice() {
        return readPrice;
    }

    public Double writePrice() {
        return writePrice;
    }

    public void validate() {
        positive("--XMaxReadRate", maxReadRate);
        positive("--XMaxWriteRate", maxWriteRate);
        if (readPrice != null && readPrice < 0) {
            throw BulkException.usage("--read-price: must not be negative, got " + readPrice);
        }
        if (writePrice != null && writePrice < 0) {
            throw BulkException.usage("--write-price: must not be negative, got " + writePrice);
        }
    }

    private static void positive(String flag, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw BulkException.usage(flag + ": must be a positive number of units per second, got " + value);
        }
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/** The read budget and read price, for the verbs that read a table (a verb that only writes does not offer them). */
public final class ReadRateOptions {
    @Option(names = "--XMaxReadRate", paramLabel = "UNITS",
            description = "Read budget in capacity units per second for the whole job (default: the table's ceiling).")
    Double maxReadRate;

    @Option(names = "--read-price", paramLabel = "USD",
            description = "Price per million read request units for the cost estimate (default: built-in table per region).")
    Double readPrice;

    public Double maxReadRate() {
        return maxReadRate;
    }

    public Double readPrice() {
        return readPrice;
    }

    public void validate() {
        positiveRate("--XMaxReadRate", maxReadRate);
        notNegative("--read-price", readPrice);
    }

    static void positiveRate(String flag, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw BulkException.usage(flag + ": must be a positive number of units per second, got " + value);
        }
    }

    static void notNegative(String flag, Double price) {
        if (price != null && price < 0) {
            throw BulkException.usage(flag + ": must not be negative, got " + price);
        }
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.Throughput;
import picocli.CommandLine.Option;

/** The read budget and read price, for the verbs that read a table (a verb that only writes does not offer them). */
public final class ReadRateOptions {
    @Option(names = "--XMaxReadRate", paramLabel = "UNITS",
            description = "Read budget in capacity units per second for the whole job. Default: " + Throughput.DEFAULT_PERCENT + " %% of "
                    + "the table's ceiling (its provisioned read capacity, else its on-demand maximum or warm throughput, else "
                    + "the account's per-table quota), leaving the rest to your application. The budget slows down when "
                    + "DynamoDB throttles and recovers when it stops. Warned before any work: a rate above the provisioned capacity "
                    + "or an on-demand table's warm throughput, auto scaling of that capacity, a time beyond --XTimeout.")
    Double maxReadRate;

    @Option(names = "--read-percent", paramLabel = "PERCENT",
            description = "Read budget as a percent of the table's ceiling instead (1-100; default " + Throughput.DEFAULT_PERCENT + ").")
    Double readPercent;

    @Option(names = "--read-price", paramLabel = "USD",
            description = "Price per million read request units for the cost estimate (default: built-in table per region).")
    Double readPrice;

    public Double maxReadRate() {
        return maxReadRate;
    }

    public Double readPercent() {
        return readPercent;
    }

    public Double readPrice() {
        return readPrice;
    }

    public void validate() {
        positiveRate("--XMaxReadRate", maxReadRate);
        percent("--read-percent", readPercent, "--XMaxReadRate", maxReadRate);
        notNegative("--read-price", readPrice);
    }

    static void percent(String flag, Double value, String absoluteFlag, Double absolute) {
        if (value != null && !(value > 0 && value <= 100)) {
            throw BulkException.usage(flag + ": must be a percent of the table's capacity between 0 and 100, got " + value);
        }
        if (value != null && absolute != null) {
            throw BulkException.usage(flag + " " + value + ": " + absoluteFlag + " " + absolute + " already sets the rate; give one");
        }
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

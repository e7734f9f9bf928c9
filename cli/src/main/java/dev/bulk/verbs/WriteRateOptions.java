package dev.bulk.verbs;

import dev.bulk.dynamo.Throughput;
import picocli.CommandLine.Option;

/** The write budget and write price, for the verbs that write a table (a read-only verb does not offer them). */
public final class WriteRateOptions {
    @Option(names = "--XMaxWriteRate", paramLabel = "UNITS",
            description = "Write budget in capacity units per second for the whole job. Default: " + Throughput.DEFAULT_PERCENT + " %% "
                    + "of the table's ceiling (its provisioned write capacity, else its on-demand maximum or warm throughput, "
                    + "else the account's per-table quota), leaving the rest to your application. The budget slows down when "
                    + "DynamoDB throttles and recovers when it stops. Warned before any work: a rate above the provisioned capacity "
                    + "or an on-demand table's warm throughput, auto scaling of that capacity, a time beyond --XTimeout.")
    Double maxWriteRate;

    @Option(names = "--write-percent", paramLabel = "PERCENT",
            description = "Write budget as a percent of the table's ceiling instead (1-100; default " + Throughput.DEFAULT_PERCENT + ").")
    Double writePercent;

    @Option(names = "--write-price", paramLabel = "USD",
            description = "Price per million write request units for the cost estimate (default: built-in table per region).")
    Double writePrice;

    public Double maxWriteRate() {
        return maxWriteRate;
    }

    public Double writePercent() {
        return writePercent;
    }

    public Double writePrice() {
        return writePrice;
    }

    public void validate() {
        ReadRateOptions.positiveRate("--XMaxWriteRate", maxWriteRate);
        ReadRateOptions.percent("--write-percent", writePercent, "--XMaxWriteRate", maxWriteRate);
        ReadRateOptions.notNegative("--write-price", writePrice);
    }
}

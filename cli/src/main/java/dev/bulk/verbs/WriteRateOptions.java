package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** The write budget and write price, for the verbs that write a table (a read-only verb does not offer them). */
public final class WriteRateOptions {
    @Option(names = "--XMaxWriteRate", paramLabel = "UNITS",
            description = "Write budget in capacity units per second for the whole job (default: the table's ceiling).")
    Double maxWriteRate;

    @Option(names = "--write-price", paramLabel = "USD",
            description = "Price per million write request units for the cost estimate (default: built-in table per region).")
    Double writePrice;

    public Double maxWriteRate() {
        return maxWriteRate;
    }

    public Double writePrice() {
        return writePrice;
    }

    public void validate() {
        ReadRateOptions.positiveRate("--XMaxWriteRate", maxWriteRate);
        ReadRateOptions.notNegative("--write-price", writePrice);
    }
}

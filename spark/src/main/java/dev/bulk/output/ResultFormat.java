package dev.bulk.output;

import dev.bulk.BulkException;
import java.util.Locale;

/** The formats results are written in: --format json|ddb-json|csv|parquet. */
public enum ResultFormat {
    /** Plain JSON, one object per line, numbers exact (the reference's format). */
    JSON("json", "JSON"),
    /** DynamoDB's typed JSON, one {"Item": …} per line, as DynamoDB's own S3 export writes it: lossless. */
    DDB_JSON("ddb-json", "DynamoDB JSON"),
    /** CSV with a header; nested values and sets as JSON text, binary as base64. */
    CSV("csv", "CSV"),
    /** Parquet with the inferred Spark types. */
    PARQUET("parquet", "Parquet");

    private final String flag;
    private final String label;

    ResultFormat(String flag, String label) {
        this.flag = flag;
        this.label = label;
    }

    public String flag() {
        return flag;
    }

    public String label() {
        return label;
    }

    public static ResultFormat parse(String value) {
        for (ResultFormat format : values()) {
            if (format.flag.equals(value.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw BulkException.usage("--format: unknown format '" + value + "' (choose json, ddb-json, csv or parquet)");
    }
}

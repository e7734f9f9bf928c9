package dev.bulk.dynamo;

/**
 * The capacity-unit budget of one operation: the rate the user set (the caller says where:
 * {@link #setBy}), else a share of the table's ceiling (provisioned capacity, on-demand maximum or
 * warm throughput, the account's per-table quota, else 40,000): by default half. Always printed
 * with where it came from.
 */
public record Throughput(double rate, String source) {
    public static final double DEFAULT_RATE = 40_000;
    /**
     * The share of the ceiling a job takes when the user sets no rate, in percent. Half, as the
     * EMR and Glue DynamoDB connectors default to: the application keeps the other half, so a
     * bulk job does not throttle production traffic running at up to half the capacity. The
     * adaptive budget lowers the rate further if DynamoDB throttles anyway.
     */
    public static final int DEFAULT_PERCENT = 50;

    public enum Mode {
        READ("read"), WRITE("write");

        private final String word;

        Mode(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** The rate the user set, and how they set it ("--XMaxReadRate", "option 'readRate'"). */
    public static Throughput setBy(double rate, String setting) {
        return new Throughput(rate, "set by " + setting);
    }

    /** The rate the user set ({@link #setBy}) if any, else the default share of the table's ceiling. */
    public static Throughput resolve(Mode mode, Throughput requested, TableInfo table, long[] accountLimits) {
        return resolve(mode, requested, DEFAULT_PERCENT, null, table, accountLimits);
    }

    /**
     * The rate the user set if any, else {@code percent} of the table's ceiling.
     *
     * @param percentSetting how the user set the percentage ("--write-percent"), or null for the default
     */
    public static Throughput resolve(Mode mode, Throughput requested, double percent, String percentSetting, TableInfo table,
            long[] accountLimits) {
        if (requested != null) {
            return requested;
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a share of the capacity is a percentage in (0, 100]: " + percent);
        }
        Throughput ceiling = ceiling(mode, table, accountLimits);
        String share = String.format("%s %% of %s, %,.0f units/s", new java.math.BigDecimal(Double.toString(percent))
                .stripTrailingZeros().toPlainString(), ceiling.source(), ceiling.rate());
        return new Throughput(Math.max(1, ceiling.rate() * percent / 100),
                share + (percentSetting == null ? ": the default share" : ": set by " + percentSetting));
    }

    /** The most the table (or the account) lets one table take per second, and where that figure comes from. */
    public static Throughput ceiling(Mode mode, TableInfo table, long[] accountLimits) {
        Long tableCeiling = mode == Mode.READ ? table.readCapacity() : table.writeCapacity();
        if (tableCeiling != null) {
            return new Throughput(tableCeiling, table.onDemand() ? "the table's on-demand maximum" : "the table's provisioned capacity");
        }
        Long warm = mode == Mode.READ ? table.warmReadPerSecond() : table.warmWritePerSecond();
        if (table.onDemand() && warm != null) {
            return new Throughput(warm, "the table's warm throughput");
        }
        if (table.onDemand() && accountLimits != null) {
            long limit = mode == Mode.READ ? accountLimits[0] : accountLimits[1];
            if (limit > 0) {
                return new Throughput(limit, "the account's per-table quota (DescribeLimits)");
            }
        }
        return new Throughput(DEFAULT_RATE, "the default on-demand ceiling");
    }

    public String describe(Mode mode) {
        return String.format("Max %s rate: %,.0f units/s (%s)", mode.word(), rate, source);
    }
}

package dev.bulk.dynamo;

/**
 * The capacity-unit budget of one operation: the rate the user set (the caller says where:
 * {@link #setBy}), else the table's real ceiling (provisioned capacity, on-demand maximum, the account's per-table quota),
 * else 40,000. Always printed with where it came from.
 */
public record Throughput(double rate, String source) {
    public static final double DEFAULT_RATE = 40_000;

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

    /** The rate the user set ({@link #setBy}) if any, else the table's own ceiling. */
    public static Throughput resolve(Mode mode, Throughput requested, TableInfo table, long[] accountLimits) {
        if (requested != null) {
            return requested;
        }
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

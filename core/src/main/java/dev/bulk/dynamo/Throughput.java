package dev.bulk.dynamo;

/**
 * The capacity-unit budget of one operation: the user's --XMaxReadRate/--XMaxWriteRate, else the
 * table's real ceiling (provisioned capacity, on-demand maximum, the account's per-table quota),
 * else 40,000. Always printed with where it came from.
 */
public record Throughput(double rate, String source) {
    public static final double DEFAULT_RATE = 40_000;

    public enum Mode {
        READ("read", "--XMaxReadRate"), WRITE("write", "--XMaxWriteRate");

        private final String word;
        private final String flag;

        Mode(String word, String flag) {
            this.word = word;
            this.flag = flag;
        }

        public String word() {
            return word;
        }

        public String flag() {
            return flag;
        }
    }

    public static Throughput resolve(Mode mode, Double requested, TableInfo table, long[] accountLimits) {
        if (requested != null) {
            return new Throughput(requested, "set by " + mode.flag());
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

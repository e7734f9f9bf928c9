package dev.bulk.dynamo;

import java.util.ArrayList;
import java.util.List;

/**
 * Units and dollars an operation will spend, and how long it takes at its budget: printed before
 * any work starts.
 */
public record CostEstimate(Throughput.Mode mode, double units, double dollars, double seconds, List<String> lines) {

    /** Read units of scanning {@code bytes} (eventually consistent: 0.5 unit per 4 KB; strongly: 1). */
    public static double scanUnits(long bytes, boolean consistentRead) {
        double units = Math.ceil(bytes / 4096.0);
        return consistentRead ? units : Math.ceil(units / 2);
    }

    /** Write units of putting {@code items} items of {@code averageBytes} (1 unit per started KB each). */
    public static double writeUnits(long items, double averageBytes) {
        return items * Math.max(1, Math.ceil(averageBytes / 1024.0));
    }

    public static CostEstimate of(Throughput.Mode mode, double units, TableInfo table, Pricing pricing, Throughput rate,
            String what) {
        double perMillion = mode == Throughput.Mode.READ ? pricing.readPerMillion() : pricing.writePerMillion();
        double perHour = mode == Throughput.Mode.READ ? pricing.rcuHour() : pricing.wcuHour();
        // On-demand bills each request unit; provisioned bills capacity-hours, so a job consuming U
        // units costs U/3600 unit-hours if that capacity is provisioned for it alone.
        double dollars = table.onDemand() ? units / 1e6 * perMillion : units / 3600.0 * perHour;
        double seconds = rate.rate() > 0 ? units / rate.rate() : 0;
        String unitName = table.onDemand()
                ? (mode == Throughput.Mode.READ ? "RRUs" : "WRUs")
                : (mode == Throughput.Mode.READ ? "RCUs" : "WCUs");
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Estimated %s: ~%,.0f %s units", what, units, mode.word()));
        String priceNote = pricing.fallback() ? pricing.region() + " prices; region not in the built-in table"
                : pricing.region() + " prices";
        lines.add(String.format("Approx DynamoDB cost for %s %s consuming %,.0f %s (using %s): $%s",
                table.onDemand() ? "on-demand" : "provisioned", mode == Throughput.Mode.READ ? "reads" : "writes",
                units, unitName, priceNote, dollars(dollars)));
        if (!table.onDemand()) {
            lines.add("  (provisioned: that is the capacity-hours this job uses; capacity you already pay for costs nothing extra)");
        }
        lines.add(String.format("At %,.0f units/s this takes %s.", rate.rate(),
                seconds < 1 ? "under a second" : "about " + duration(seconds)));
        return new CostEstimate(mode, units, dollars, seconds, List.copyOf(lines));
    }

    static String dollars(double amount) {
        if (amount > 0 && amount < 0.01) {
            return String.format("%.5f", amount);
        }
        return String.format("%,.2f", amount);
    }

    public static String duration(double seconds) {
        if (seconds < 1) {
            return "under a second";
        }
        if (seconds < 120) {
            return String.format("%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format("%.0f min", seconds / 60);
        }
        return String.format("%.1f h", seconds / 3600);
    }
}

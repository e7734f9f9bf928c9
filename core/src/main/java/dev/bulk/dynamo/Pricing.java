package dev.bulk.dynamo;

import java.util.Map;

/**
 * Built-in DynamoDB prices (USD) per region, Standard table class: on-demand per million request
 * units and provisioned per capacity-unit-hour. Approximate list prices; users override them with
 * --read-price / --write-price. Regions not listed use us-east-1's and say so.
 */
public record Pricing(String region, double readPerMillion, double writePerMillion, double rcuHour, double wcuHour,
        boolean fallback) {
    private static final double IA_READ_FACTOR = 1.24;
    private static final double IA_WRITE_FACTOR = 1.25;

    // region -> {on-demand read per million, on-demand write per million, RCU-hour, WCU-hour}
    private static final Map<String, double[]> TABLE = Map.ofEntries(
            Map.entry("us-east-1", new double[] {0.125, 0.625, 0.00013, 0.00065}),
            Map.entry("us-east-2", new double[] {0.125, 0.625, 0.00013, 0.00065}),
            Map.entry("us-west-2", new double[] {0.125, 0.625, 0.00013, 0.00065}),
            Map.entry("us-west-1", new double[] {0.1395, 0.6975, 0.000145, 0.000725}),
            Map.entry("ca-central-1", new double[] {0.1375, 0.6875, 0.000143, 0.000715}),
            Map.entry("eu-west-1", new double[] {0.1415, 0.7068, 0.000147, 0.000735}),
            Map.entry("eu-west-2", new double[] {0.1475, 0.7375, 0.000154, 0.000772}),
            Map.entry("eu-central-1", new double[] {0.1525, 0.7625, 0.00016, 0.00079}),
            Map.entry("eu-north-1", new double[] {0.1345, 0.6715, 0.00014, 0.0007}),
            Map.entry("ap-northeast-1", new double[] {0.1425, 0.7125, 0.000148, 0.000742}),
            Map.entry("ap-southeast-1", new double[] {0.1425, 0.7125, 0.000148, 0.00074}),
            Map.entry("ap-southeast-2", new double[] {0.1425, 0.7125, 0.000148, 0.00074}),
            Map.entry("ap-south-1", new double[] {0.1425, 0.7125, 0.000148, 0.00074}),
            Map.entry("sa-east-1", new double[] {0.1875, 0.9375, 0.000195, 0.000975}));

    public static Pricing forRegion(String region, boolean infrequentAccess, Double readOverride, Double writeOverride) {
        String key = region == null ? "us-east-1" : region;
        double[] prices = TABLE.get(key);
        boolean fallback = prices == null;
        if (fallback) {
            prices = TABLE.get("us-east-1");
        }
        double readFactor = infrequentAccess ? IA_READ_FACTOR : 1;
        double writeFactor = infrequentAccess ? IA_WRITE_FACTOR : 1;
        double read = readOverride != null ? readOverride : prices[0] * readFactor;
        double write = writeOverride != null ? writeOverride : prices[1] * writeFactor;
        double ratio = readOverride != null ? readOverride / prices[0] : readFactor;
        double wratio = writeOverride != null ? writeOverride / prices[1] : writeFactor;
        return new Pricing(key, read, write, prices[2] * ratio, prices[3] * wratio,
                fallback && readOverride == null && writeOverride == null);
    }
}

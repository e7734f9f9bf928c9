package dev.bulk.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.TableCapacity;
import dev.bulk.testing.ThrottlingDynamoFake;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the capacity tests share: a verb run through {@link ThrottlingDynamoFake} (a capacity-enforcing
 * test double in front of the test's DynamoDB Local), the units the fake served, and the bound those
 * units must respect. The tests ask for a job rate above the table's capacity so that throttles
 * really happen whatever the limiter does with them (a fixed budget keeps running into them, an
 * adaptive one backs off after the first): throttles handled, nothing lost, the capacity held.
 */
final class CapacityRun {
    static final LocalDynamo DYNAMO = LocalDynamo.get();
    /** Units of slack on top of capacity × seconds + burst: one request admitted on an estimate may leave a debt. */
    static final double MARGIN_UNITS = 10;

    /** The command's outcome and the wall time it took (for a bound on units, never compared on its own). */
    record Outcome(Cli.Result result, double seconds) {
        String described(ThrottlingDynamoFake fake) {
            return result.all() + "\nfake clients: " + fake.clients();
        }
    }

    private CapacityRun() {
    }

    /** A table in DynamoDB Local (pk:S, sk:N) made directly, not through the fake. */
    static String table(String prefix) {
        return table(prefix, "N");
    }

    /** A table in DynamoDB Local with keys pk:S and sk of {@code sortKeyType}. */
    static String table(String prefix, String sortKeyType) {
        String table = LocalDynamo.uniqueTable(prefix);
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:" + sortKeyType).exitCode()).isZero();
        return table;
    }

    /** {@code count} items of about 1,000 bytes each (one write unit; reads cost by size), keys p0..p9 × i. */
    static List<Map<String, AttributeValue>> items(int count) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String payload = "x".repeat(900);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("p" + i % 10));
            item.put("sk", AttributeValue.fromN(Integer.toString(i)));
            item.put("payload", AttributeValue.fromS(payload));
            items.add(item);
        }
        return items;
    }

    /** Provisioned {@code read}/{@code write} units with {@code burstSeconds} of credit, on the fake's default partitions. */
    static TableCapacity provisioned(double read, double write, double burstSeconds) {
        return TableCapacity.provisioned(read, write).withBurstSeconds(burstSeconds);
    }

    /** Runs {@code verb ARGS} with {@code --endpoint} pointing at the fake. */
    static Outcome through(ThrottlingDynamoFake fake, String verb, String... args) {
        Cli.shareSpark();
        List<String> all = new ArrayList<>(List.of(verb, "--endpoint", fake.endpoint()));
        all.addAll(List.of(args));
        long start = System.nanoTime();
        Cli.Result result = Cli.run(all.toArray(new String[0]));
        return new Outcome(result, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The rate held: {@code units} served in {@code seconds} never beat what the capacity allows, at
     * most a bucket of burst credit (at least one second's worth, as the fake keeps it) plus capacity
     * for the time, and a request's debt. Slowness only loosens this bound; it cannot make it fail.
     */
    static void assertWithinCapacity(double units, double capacity, double burstSeconds, double seconds) {
        double allowed = capacity * Math.max(1, burstSeconds) + capacity * seconds + MARGIN_UNITS;
        assertThat(units).as("units served in %.1f s at %.0f units/s with %.0f s of burst", seconds, capacity, burstSeconds)
                .isLessThanOrEqualTo(allowed);
    }
}

package dev.bulk.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * Whether auto scaling manages a provisioned table's (or index's) capacity. DescribeTable does not say:
 * Application Auto Scaling holds it, as a scalable target per table or index and dimension (read or
 * write capacity) with a minimum, a maximum and usually a target-tracking policy. A job wants to know
 * before it starts, because its own consumption is what auto scaling sees: it raises the capacity
 * (and the bill) within minutes of a job using much of it, lowers it only later, and a job whose rate
 * was taken from the capacity at start does not follow it up.
 *
 * <p>The lookup never stops a job: an endpoint that does not serve the API (DynamoDB Local and other
 * compatible stores), a role without {@code application-autoscaling:Describe*} or a network error
 * gives {@link Lookup#unknown} with the reason, said as a note.
 */
public final class AutoScaling {
    /** One attempt, and soon: it is a courtesy check before the job, not part of it. */
    private static final int ATTEMPTS = 2;
    private static final long CALL_TIMEOUT_MILLIS = 5_000;

    private AutoScaling() {
    }

    /**
     * One scalable target.
     *
     * @param mode          read or write capacity
     * @param min           the lowest capacity auto scaling sets
     * @param max           the highest capacity auto scaling sets
     * @param targetPercent the utilisation its target-tracking policy keeps, or null without one
     */
    public record Target(Throughput.Mode mode, int min, int max, Double targetPercent) {
    }

    /**
     * What the lookup found for one table or index.
     *
     * @param targets        its scalable targets (empty: auto scaling does not manage it)
     * @param unknownBecause why it could not tell, or null when it could
     */
    public record Lookup(List<Target> targets, String unknownBecause) {
        public Lookup {
            targets = List.copyOf(targets);
        }

        static Lookup unknown(String because) {
            return new Lookup(List.of(), because);
        }

        /** The target for reads or writes, or null when auto scaling does not manage it (or it is unknown). */
        public Target of(Throughput.Mode mode) {
            return targets.stream().filter(target -> target.mode() == mode).findFirst().orElse(null);
        }
    }

    /** Looks up the scalable targets of {@code table} (or of its index, when the info is an index's). */
    public static Lookup lookup(ClientSettings settings, TableInfo table) {
        ClientSettings quick = new ClientSettings(settings.region(), settings.profile(), settings.endpoint(),
                settings.staticCredentials(), ATTEMPTS, CALL_TIMEOUT_MILLIS);
        String resource = "table/" + table.tableName() + (table.indexName() == null ? "" : "/index/" + table.indexName());
        String kind = table.indexName() == null ? "table" : "index";
        try (ApplicationAutoScalingClient client = DynamoClients.autoScaling(quick)) {
            List<ScalableTarget> found = client.describeScalableTargets(request -> request
                    .serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds(resource)).scalableTargets();
            if (found.isEmpty()) {
                return new Lookup(List.of(), null);
            }
            List<ScalingPolicy> policies = client.describeScalingPolicies(request -> request
                    .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)).scalingPolicies();
            List<Target> targets = new ArrayList<>();
            for (ScalableTarget target : found) {
                Throughput.Mode mode = modeOf(target.scalableDimensionAsString(), kind);
                if (mode != null) {
                    targets.add(new Target(mode, orZero(target.minCapacity()), orZero(target.maxCapacity()),
                            targetPercent(policies, target.scalableDimensionAsString())));
                }
            }
            return new Lookup(targets, null);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.toLowerCase(Locale.ROOT).contains("accessdenied") || e.statusCode() == 403) {
                return Lookup.unknown("not allowed to call application-autoscaling:DescribeScalableTargets");
            }
            return Lookup.unknown(settings.endpoint() != null ? "the endpoint does not serve Application Auto Scaling"
                    : BatchWriter.oneLine(e));
        } catch (SdkClientException e) {
            return Lookup.unknown(BatchWriter.oneLine(e));
        }
    }

    private static Throughput.Mode modeOf(String dimension, String kind) {
        if (dimension == null || !dimension.startsWith("dynamodb:" + kind + ":")) {
            return null;
        }
        if (dimension.endsWith("ReadCapacityUnits")) {
            return Throughput.Mode.READ;
        }
        return dimension.endsWith("WriteCapacityUnits") ? Throughput.Mode.WRITE : null;
    }

    private static Double targetPercent(List<ScalingPolicy> policies, String dimension) {
        for (ScalingPolicy policy : policies) {
            if (dimension.equals(policy.scalableDimensionAsString()) && policy.targetTrackingScalingPolicyConfiguration() != null) {
                return policy.targetTrackingScalingPolicyConfiguration().targetValue();
            }
        }
        return null;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}

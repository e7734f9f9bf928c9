package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double for the two Application Auto Scaling calls a job makes before it starts
 * ({@code DescribeScalableTargets} and {@code DescribeScalingPolicies} in the {@code dynamodb}
 * namespace), served by {@link ThrottlingDynamoFake} on its own endpoint: DynamoDB Local has no auto
 * scaling. It only describes what a test registered; it does not scale anything.
 */
public final class ScalableTargets {
    static final String PREFIX = "AnyScaleFrontendService.";

    /**
     * One registered target.
     *
     * @param resource      {@code table/NAME} or {@code table/NAME/index/INDEX}
     * @param dimension     e.g. {@code dynamodb:table:WriteCapacityUnits}
     * @param targetPercent the target-tracking policy's utilisation, or null for none
     */
    record Target(String resource, String dimension, int min, int max, Double targetPercent) {
    }

    private final List<Target> targets = new CopyOnWriteArrayList<>();

    /**
     * Registers auto scaling of a table's ({@code index} null) or index's {@code read} or {@code write}
     * capacity between {@code min} and {@code max}, with a target-tracking policy at
     * {@code targetPercent} (null: none).
     */
    public ScalableTargets add(String table, String index, String readOrWrite, int min, int max, Double targetPercent) {
        String kind = index == null ? "table" : "index";
        String units = switch (readOrWrite) {
            case "read" -> "ReadCapacityUnits";
            case "write" -> "WriteCapacityUnits";
            default -> throw new IllegalArgumentException("read or write: " + readOrWrite);
        };
        targets.add(new Target("table/" + table + (index == null ? "" : "/index/" + index),
                "dynamodb:" + kind + ":" + units, min, max, targetPercent));
        return this;
    }

    void answer(HttpExchange exchange, String op, JsonNode request) throws IOException {
        ObjectNode reply = DynamoRelay.MAPPER.createObjectNode();
        switch (op.substring(PREFIX.length())) {
            case "DescribeScalableTargets" -> {
                ArrayNode list = reply.putArray("ScalableTargets");
                for (Target target : targets) {
                    if (wanted(request.path("ResourceIds"), target.resource())) {
                        describe(list.addObject(), target).put("MinCapacity", target.min()).put("MaxCapacity", target.max())
                                .put("RoleARN", "arn:aws:iam::000000000000:role/fake-scaling");
                    }
                }
            }
            case "DescribeScalingPolicies" -> {
                ArrayNode list = reply.putArray("ScalingPolicies");
                for (Target target : targets) {
                    if (target.targetPercent() != null && target.resource().equals(request.path("ResourceId").asText())) {
                        ObjectNode policy = describe(list.addObject(), target)
                                .put("PolicyName", "fake-target-tracking").put("PolicyType", "TargetTrackingScaling")
                                .put("PolicyARN", "arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:fake");
                        policy.putObject("TargetTrackingScalingPolicyConfiguration").put("TargetValue", target.targetPercent());
                    }
                }
            }
            default -> {
                DynamoRelay.respond(exchange, 400, DynamoRelay.error("UnknownOperationException", op));
                return;
            }
        }
        DynamoRelay.relay(exchange, 200, Map.of("Content-Type", List.of("application/x-amz-json-1.1")),
                reply.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    }

    private static ObjectNode describe(ObjectNode node, Target target) {
        return node.put("ServiceNamespace", "dynamodb").put("ResourceId", target.resource())
                .put("ScalableDimension", target.dimension()).put("CreationTime", 1.7e9);
    }

    private static boolean wanted(JsonNode resourceIds, String resource) {
        if (!resourceIds.isArray() || resourceIds.isEmpty()) {
            return true;
        }
        for (JsonNode id : resourceIds) {
            if (resource.equals(id.asText())) {
                return true;
            }
        }
        return false;
    }
}

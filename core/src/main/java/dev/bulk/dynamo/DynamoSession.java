package dev.bulk.dynamo;

import dev.bulk.BulkException.Subject;
import dev.bulk.BulkException;
import dev.bulk.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The driver-side control-plane calls (describe, limits, PITR, create): the one place that turns
 * their failures into user-facing errors.
 */
public final class DynamoSession {
    /** A key attribute for create-table: name and scalar type (S, N or B). */
    public record KeyAttribute(String name, String type) {
    }

    /** A GSI for create-table. */
    public record IndexDefinition(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {
    }

    /** Point-in-time recovery status; UNKNOWN when the endpoint lacks the API (DynamoDB Local). */
    public enum Pitr { ENABLED, DISABLED, UNKNOWN }

    private final ClientSettings settings;
    private final DynamoDbClient client;

    public DynamoSession(ClientSettings settings) {
        this.settings = settings;
        // Control-plane calls fail fast: an unreachable endpoint is reported in seconds.
        this.client = DynamoClients.get(settings.withMaxAttempts(3));
    }

    public ClientSettings settings() {
        return settings;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Describes a table (and, if named, one of its indexes); unknown names are usage errors. */
    public TableInfo describe(TableRef table, String indexName) {
        DescribeTableResponse response;
        try {
            response = Timeline.time("DescribeTable " + table.name(),
                    () -> client.describeTable(request -> request.tableName(table.apiName())));
        } catch (ResourceNotFoundException e) {
            throw BulkException.usage(Subject.TABLE, "table '" + table.name() + "' does not exist at " + settings.describe());
        } catch (SdkClientException e) {
            throw unreachable(e);
        } catch (AwsServiceException e) {
            if (notDynamoDb(e)) {
                throw notDynamoDbEndpoint("DescribeTable", e);
            }
            throw BulkException.failed("DescribeTable on '" + table.name() + "' failed: " + BatchWriter.oneLine(e), e);
        }
        TableInfo info = TableInfo.from(response.table(), settings.region());
        if (indexName == null) {
            return info;
        }
        TableInfo indexInfo = info.forIndex(response.table(), indexName);
        if (indexInfo == null) {
            throw BulkException.usage(Subject.INDEX, "index '" + indexName + "' does not exist on table '" + table.name()
                    + "' (indexes: " + (info.indexNames().isEmpty() ? "none" : String.join(", ", info.indexNames())) + ")");
        }
        return indexInfo;
    }

    /** The account's per-table ceilings (read, write), or null when the endpoint cannot say. */
    public long[] tableLimits() {
        try {
            DescribeLimitsResponse limits = Timeline.time("DescribeLimits", () -> client.describeLimits(request -> { }));
            return new long[] {limits.tableMaxReadCapacityUnits(), limits.tableMaxWriteCapacityUnits()};
        } catch (RuntimeException e) {
            return null;
        }
    }

    public Pitr pitr(TableRef table) {
        try {
            DescribeContinuousBackupsResponse response = Timeline.time("DescribeContinuousBackups " + table.name(),
                    () -> client.describeContinuousBackups(r -> r.tableName(table.apiName())));
            boolean enabled = response.continuousBackupsDescription() != null
                    && response.continuousBackupsDescription().pointInTimeRecoveryDescription() != null
                    && response.continuousBackupsDescription().pointInTimeRecoveryDescription()
                            .pointInTimeRecoveryStatusAsString().equals(ContinuousBackupsStatus.ENABLED.toString());
            return enabled ? Pitr.ENABLED : Pitr.DISABLED;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            // DynamoDB Local and other compatible stores lack the API; cross-account checks are refused by design.
            if (code.equals("UnknownOperationException") || message.contains("unknown operation")
                    || message.contains("not supported") || message.contains("only supported by accounts that match")) {
                return Pitr.UNKNOWN;
            }
            throw BulkException.usage(Subject.PITR_CHECK, "could not check point-in-time recovery on '" + table.name() + "': "
                    + BatchWriter.oneLine(e) + " (grant dynamodb:DescribeContinuousBackups, or skip the check)");
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    /** The first {@code count} items of a table (one Scan page), for the checks a verb makes before its run. */
    public List<Map<String, AttributeValue>> firstItems(TableRef table, int count) {
        return client.scan(request -> request.tableName(table.apiName()).limit(count)).items();
    }

    /**
     * Has DynamoDB check an update without applying it: the request goes out with one more
     * condition that cannot hold, so DynamoDB validates the expressions and types it can and then
     * refuses on the condition. DynamoDB's message when it rejects the request itself, empty when
     * only the impossible condition stopped it; throttling and server errors are thrown.
     */
    public Optional<String> rejectedUpdate(UpdateItemRequest request) {
        Map<String, String> names = new HashMap<>(request.hasExpressionAttributeNames() ? request.expressionAttributeNames() : Map.of());
        names.put("#bulkProbe", request.key().keySet().iterator().next());
        String never = "(attribute_exists(#bulkProbe) AND attribute_not_exists(#bulkProbe))";
        String condition = request.conditionExpression() == null ? never : "(" + request.conditionExpression() + ") AND " + never;
        try {
            client.updateItem(request.toBuilder().conditionExpression(condition).expressionAttributeNames(names).build());
        } catch (ConditionalCheckFailedException expected) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 400 && !e.isThrottlingException()) {
                return Optional.of(BatchWriter.oneLine(e));
            }
            throw e;
        }
        throw new IllegalStateException("the update check wrote an item: a condition that cannot hold held");
    }

    /** Deletes a table and waits until it is gone; a table that does not exist is left as it is. */
    public void deleteTableIfExists(String name) {
        try {
            client.deleteTable(r -> r.tableName(name));
            client.waiter().waitUntilTableNotExists(r -> r.tableName(name));
        } catch (ResourceNotFoundException e) {
            // nothing to delete
        }
    }

    /** Creates an on-demand table and waits until it is ACTIVE. */
    public void createTable(String name, KeyAttribute partitionKey, KeyAttribute sortKey, List<IndexDefinition> indexes) {
        List<AttributeDefinition> definitions = new ArrayList<>();
        List<String> defined = new ArrayList<>();
        List<KeySchemaElement> keySchema = keySchema(partitionKey, sortKey, definitions, defined);
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (IndexDefinition index : indexes) {
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey(), definitions, defined))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(definitions)
                .keySchema(keySchema);
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        try {
            client.createTable(request.build());
            client.waiter().waitUntilTableExists(r -> r.tableName(name));
        } catch (ResourceInUseException e) {
            throw BulkException.usage(Subject.TABLE, "table '" + name + "' already exists at " + settings.describe());
        } catch (SdkClientException e) {
            throw unreachable(e);
        } catch (AwsServiceException e) {
            if (notDynamoDb(e)) {
                throw notDynamoDbEndpoint("CreateTable", e);
            }
            throw BulkException.usage("create-table: DynamoDB refused the table: " + BatchWriter.oneLine(e));
        }
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute partitionKey, KeyAttribute sortKey,
            List<AttributeDefinition> definitions, List<String> defined) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(partitionKey.name()).keyType(KeyType.HASH).build());
        define(partitionKey, definitions, defined);
        if (sortKey != null) {
            schema.add(KeySchemaElement.builder().attributeName(sortKey.name()).keyType(KeyType.RANGE).build());
            define(sortKey, definitions, defined);
        }
        return schema;
    }

    private static void define(KeyAttribute key, List<AttributeDefinition> definitions, List<String> defined) {
        if (defined.contains(key.name())) {
            return;
        }
        defined.add(key.name());
        definitions.add(AttributeDefinition.builder().attributeName(key.name()).attributeType(key.type()).build());
    }

    /**
     * DynamoDB (and a compatible store) names every error it returns (ResourceNotFoundException, …);
     * an HTTP error without such a name comes from some other server at the endpoint.
     */
    private boolean notDynamoDb(AwsServiceException e) {
        if (settings.endpoint() == null) {
            return false;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank();
    }

    private BulkException notDynamoDbEndpoint(String call, AwsServiceException e) {
        return BulkException.usage(Subject.ENDPOINT, settings.describe() + " is not a DynamoDB endpoint: " + call
                + " got HTTP " + e.statusCode() + " with no DynamoDB error in the reply; check the URL and port");
    }

    private BulkException unreachable(SdkClientException e) {
        if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return BulkException.usage(Subject.CREDENTIALS, "no AWS credentials found for " + settings.describe()
                    + ": name a profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        if (settings.endpoint() != null) {
            return BulkException.usage(Subject.ENDPOINT, settings.describe() + " is unreachable: " + BatchWriter.oneLine(e));
        }
        return BulkException.usage("DynamoDB (" + settings.describe() + ") is unreachable: " + BatchWriter.oneLine(e));
    }
}

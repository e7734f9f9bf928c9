package dev.bulk.dynamo;

import dev.bulk.BulkException;
import dev.bulk.BulkException.Subject;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table's shape, read from its DescribeTable, to create another table like it (copy
 * --create-target): key schema and attribute definitions, every GSI and LSI with its projection,
 * and the billing mode with the provisioned throughput of a provisioned table and its GSIs.
 * Deliberately not copied: streams, encryption, TTL, PITR, tags and the table class, which are
 * account policy a copy should not decide; the user sets them on the new table.
 */
public final class TableTemplate {
    private final TableDescription source;

    private TableTemplate(TableDescription source) {
        this.source = source;
    }

    /** The shape of {@code table}, which the caller has already described (so it exists). */
    public static TableTemplate of(DynamoSession session, TableRef table) {
        try {
            return new TableTemplate(session.client().describeTable(r -> r.tableName(table.apiName())).table());
        } catch (AwsServiceException | SdkClientException e) {
            throw BulkException.failed("DescribeTable on '" + table.name() + "' failed: " + BatchWriter.oneLine(e), e);
        }
    }

    /** The shape of an already described table. */
    static TableTemplate from(TableDescription described) {
        return new TableTemplate(described);
    }

    private boolean provisioned() {
        return source.billingModeSummary() == null || source.billingModeSummary().billingMode() != BillingMode.PAY_PER_REQUEST;
    }

    /** One line for the plan: keys, indexes, billing. */
    public String describe() {
        StringBuilder text = new StringBuilder("key ").append(keys(source.keySchema()));
        for (GlobalSecondaryIndexDescription gsi : source.globalSecondaryIndexes()) {
            text.append("; GSI ").append(gsi.indexName()).append(" (").append(keys(gsi.keySchema())).append(", ")
                    .append(gsi.projection().projectionTypeAsString()).append(')');
        }
        for (LocalSecondaryIndexDescription lsi : source.localSecondaryIndexes()) {
            text.append("; LSI ").append(lsi.indexName()).append(" (").append(keys(lsi.keySchema())).append(", ")
                    .append(lsi.projection().projectionTypeAsString()).append(')');
        }
        if (provisioned()) {
            ProvisionedThroughputDescription capacity = source.provisionedThroughput();
            text.append("; provisioned ").append(capacity.readCapacityUnits()).append(" RCU / ")
                    .append(capacity.writeCapacityUnits()).append(" WCU");
        } else {
            text.append("; on-demand");
        }
        return text.toString();
    }

    private String keys(List<KeySchemaElement> schema) {
        return KeySchema.from(schema, source.attributeDefinitions()).toString();
    }

    /** Creates {@code name} like the source at the session's endpoint and waits until it is ACTIVE. */
    public void create(DynamoSession session, String name) {
        try {
            session.client().createTable(request(name));
            session.client().waiter().waitUntilTableExists(r -> r.tableName(name));
        } catch (ResourceInUseException e) {
            throw BulkException.usage(Subject.TABLE, "table '" + name + "' already exists at " + session.settings().describe());
        } catch (AwsServiceException | SdkClientException e) {
            throw BulkException.failed("CreateTable of '" + name + "' like '" + source.tableName() + "' failed: "
                    + BatchWriter.oneLine(e) + "; nothing was copied", e);
        }
    }

    CreateTableRequest request(String name) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(source.attributeDefinitions())
                .keySchema(source.keySchema());
        if (provisioned()) {
            request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(source.provisionedThroughput()));
        } else {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (GlobalSecondaryIndexDescription gsi : source.globalSecondaryIndexes()) {
            GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder().indexName(gsi.indexName())
                    .keySchema(gsi.keySchema()).projection(projection(gsi.projection()));
            if (provisioned()) {
                index.provisionedThroughput(throughput(gsi.provisionedThroughput()));
            }
            gsis.add(index.build());
        }
        if (!gsis.isEmpty()) {
            request.globalSecondaryIndexes(gsis);
        }
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (LocalSecondaryIndexDescription lsi : source.localSecondaryIndexes()) {
            lsis.add(LocalSecondaryIndex.builder().indexName(lsi.indexName()).keySchema(lsi.keySchema())
                    .projection(projection(lsi.projection())).build());
        }
        if (!lsis.isEmpty()) {
            request.localSecondaryIndexes(lsis);
        }
        return request.build();
    }

    /** A described projection as a request's: an empty non-key list is left out, DynamoDB refuses it. */
    private static Projection projection(Projection described) {
        Projection.Builder projection = Projection.builder().projectionType(described.projectionType());
        if (described.hasNonKeyAttributes() && !described.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(described.nonKeyAttributes());
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(ProvisionedThroughputDescription described) {
        // A description without numbers (never seen for a provisioned table) falls back to DynamoDB's smallest.
        long read = described == null || described.readCapacityUnits() == null ? 1 : Math.max(1, described.readCapacityUnits());
        long write = described == null || described.writeCapacityUnits() == null ? 1 : Math.max(1, described.writeCapacityUnits());
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }
}

package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.BillingModeSummary;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The CreateTable request built from an on-demand table's description (the provisioned case is
 * CopyTargetTest's, on DynamoDB Local): no throughput anywhere, since DynamoDB refuses provisioned
 * throughput on an on-demand table, and projections as described. Backup names within DynamoDB's rules.
 */
class TableTemplateTest {
    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition definition(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    @Test
    void anOnDemandTableIsCreatedOnDemandWithItsIndexesAndNoThroughput() {
        // DescribeTable of an on-demand table reports zero provisioned throughput, on the table and on each GSI.
        ProvisionedThroughputDescription zero = ProvisionedThroughputDescription.builder().readCapacityUnits(0L)
                .writeCapacityUnits(0L).build();
        TableDescription described = TableDescription.builder().tableName("src")
                .attributeDefinitions(definition("pk"), definition("g"))
                .keySchema(key("pk", KeyType.HASH))
                .billingModeSummary(BillingModeSummary.builder().billingMode(BillingMode.PAY_PER_REQUEST).build())
                .provisionedThroughput(zero)
                .globalSecondaryIndexes(GlobalSecondaryIndexDescription.builder().indexName("byG").keySchema(key("g", KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .provisionedThroughput(zero).build())
                .build();

        TableTemplate template = TableTemplate.from(described);
        CreateTableRequest request = template.request("copy");

        assertThat(request.tableName()).isEqualTo("copy");
        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.provisionedThroughput()).isNull();
        assertThat(request.keySchema()).isEqualTo(described.keySchema());
        assertThat(request.attributeDefinitions()).isEqualTo(described.attributeDefinitions());
        assertThat(request.globalSecondaryIndexes()).hasSize(1);
        assertThat(request.globalSecondaryIndexes().get(0).provisionedThroughput()).isNull();
        assertThat(request.globalSecondaryIndexes().get(0).projection().projectionType()).isEqualTo(ProjectionType.ALL);
        assertThat(request.globalSecondaryIndexes().get(0).projection().hasNonKeyAttributes()).isFalse();
        assertThat(request.hasLocalSecondaryIndexes()).isFalse();
        assertThat(template.describe()).isEqualTo("key pk:S; GSI byG (g:S, ALL); on-demand");
    }

    @Test
    void aBackupNameKeepsToDynamoDbsCharacters() {
        assertThat(Backups.name("20261205-003000-delete-ab12")).isEqualTo("bulk-20261205-003000-delete-ab12");
        assertThat(Backups.name("run id/with:odd")).isEqualTo("bulk-run-id-with-odd").matches("[A-Za-z0-9_.-]{3,255}");
        assertThat(Backups.name("x".repeat(300))).hasSize(255);
    }
}

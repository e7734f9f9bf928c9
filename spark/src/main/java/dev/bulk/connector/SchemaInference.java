package dev.bulk.connector;

import dev.bulk.BulkException;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.TableInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Infers a table's schema from a sample spread over many segments of a parallel scan (one small
 * page from each of up to {@link #SAMPLED_SEGMENTS} random segments), not from the first page,
 * which holds only a few partition keys. Key attributes come first, typed by the key schema;
 * the other attributes follow by name; the exact-item column comes last.
 */
final class SchemaInference {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInference.class);
    static final int SAMPLED_SEGMENTS = 32;
    private static final int MAX_SAMPLE_SEGMENTS_TOTAL = 4096;

    private SchemaInference() {
    }

    static StructType infer(ReadOptions options, TableInfo table, Map<String, String> keys) {
        List<Map<String, AttributeValue>> sample = sample(options, table);
        LOG.info("Inferred the schema of '{}' from {} sampled items", table.tableName(), sample.size());
        return fromSample(sample, keys);
    }

    static StructType fromSample(List<Map<String, AttributeValue>> sample, Map<String, String> keys) {
        Map<String, TypeSketch> sketches = new TreeMap<>();
        for (Map<String, AttributeValue> item : sample) {
            item.forEach((name, value) -> sketches.computeIfAbsent(name, n -> new TypeSketch()).add(value));
        }
        List<StructField> fields = new ArrayList<>();
        keys.forEach((key, keyType) -> fields.add(keyField(key, keyType, sketches.remove(key))));
        sketches.remove(TypeMapping.ITEM_COLUMN);
        sketches.forEach((name, sketch) -> fields.add(sketch.field(name)));
        fields.add(itemField());
        return new StructType(fields.toArray(new StructField[0]));
    }

    static StructField itemField() {
        return new StructField(TypeMapping.ITEM_COLUMN, DataTypes.StringType, false, Metadata.empty());
    }

    /**
     * A user-given schema (--schema): key attributes whose Spark type matches the key type are
     * pinned (every item has them with that type), everything else converts leniently; the
     * exact-item column is added.
     */
    static StructType withUserSchema(StructType user, Map<String, String> keys) {
        List<StructField> fields = new ArrayList<>();
        for (StructField field : user.fields()) {
            if (field.name().equals(TypeMapping.ITEM_COLUMN)) {
                continue;
            }
            String keyType = keys.get(field.name());
            if (keyType == null) {
                fields.add(new StructField(field.name(), field.dataType(), field.nullable(), Metadata.empty()));
                continue;
            }
            if (!matchesKeyType(field.dataType(), keyType)) {
                // A key holds one DynamoDB type in every item: a contradicting column is NULL everywhere and matches nothing.
                throw BulkException.usage(BulkException.Subject.SCHEMA, "the declared column " + field.name()
                        + " is a key attribute of DynamoDB type "
                        + keyType + ", which " + field.dataType().sql() + " cannot hold (every item would read NULL); declare it "
                        + keyTypeHint(keyType));
            }
            fields.add(new StructField(field.name(), field.dataType(), field.nullable(), TypeMapping.typed(keyType)));
        }
        fields.add(itemField());
        return new StructType(fields.toArray(new StructField[0]));
    }

    /**
     * Whether a declared column holds a key's values exactly. A string shows a number's exact
     * digits, so an N key may be STRING too; DOUBLE/FLOAT round and are refused for N keys.
     */
    private static boolean matchesKeyType(DataType type, String keyType) {
        return switch (keyType) {
            case "S" -> type.equals(DataTypes.StringType);
            case "B" -> type.equals(DataTypes.BinaryType);
            default -> type instanceof IntegralType || type instanceof DecimalType || type.equals(DataTypes.StringType);
        };
    }

    private static String keyTypeHint(String keyType) {
        return switch (keyType) {
            case "S" -> "STRING";
            case "B" -> "BINARY";
            default -> "BIGINT, DECIMAL(p,s) or STRING";
        };
    }

    private static StructField keyField(String name, String keyType, TypeSketch sketch) {
        DataType type = switch (keyType) {
            case "S" -> DataTypes.StringType;
            case "B" -> DataTypes.BinaryType;
            default -> sketch == null ? DataTypes.LongType : sketch.numbers().type();
        };
        return new StructField(name, type, true, TypeMapping.typed(keyType));
    }

    /**
     * Up to {@code sampleSize} items: for a small table, the first pages of a plain scan; otherwise
     * one page of ~sampleSize/32 items from each of 32 random segments of a scan split finely
     * enough that each segment holds at least that many items.
     */
    static List<Map<String, AttributeValue>> sample(ReadOptions options, TableInfo table) {
        // A few pages outside any budget: the SDK's own throttle retries are enough here.
        DynamoDbClient client = DynamoClients.retryingThrottles(options.client());
        int size = options.sampleSize();
        if (table.itemCount() <= 4L * size) {
            return sequential(client, options, size);
        }
        int perSegment = Math.max(1, (size + SAMPLED_SEGMENTS - 1) / SAMPLED_SEGMENTS);
        int total = (int) Math.max(SAMPLED_SEGMENTS, Math.min(MAX_SAMPLE_SEGMENTS_TOTAL, table.itemCount() / perSegment));
        List<Integer> segments = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            segments.add(i);
        }
        Collections.shuffle(segments, new Random());
        List<Integer> chosen = segments.subList(0, Math.min(SAMPLED_SEGMENTS, total));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ScanResponse>> pages = new ArrayList<>();
            for (int segment : chosen) {
                pages.add(pool.submit(() -> client.scan(request(options).segment(segment).totalSegments(total)
                        .limit(perSegment).build())));
            }
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (Future<ScanResponse> page : pages) {
                items.addAll(page.get().items());
            }
            // The approximate count can be hours old: a table that shrank gives a thin sample.
            return items.size() >= size / 4 ? items : sequential(client, options, size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling the table", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Map<String, AttributeValue>> sequential(DynamoDbClient client, ReadOptions options, int size) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = request(options).limit(Math.min(size - items.size(), 1000));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = client.scan(request.build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? new LinkedHashMap<>(page.lastEvaluatedKey())
                    : null;
        } while (start != null && items.size() < size);
        return items;
    }

    private static ScanRequest.Builder request(ReadOptions options) {
        ScanRequest.Builder builder = ScanRequest.builder().tableName(options.table().apiName());
        if (options.index() != null) {
            builder.indexName(options.index());
        }
        return builder;
    }
}

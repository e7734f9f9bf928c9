package dev.bulk.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark application as a user writes one: it knows the connector only by its name, {@code format("dynamodb")}, and
 * runs on a Spark distribution's jars plus the runtime jar (RuntimeJarIT starts it). It names no bulk class, so
 * nothing of the connector can reach it but through that jar.
 *
 * <p>Arguments: endpoint, source table, target table, output folder. It writes there {@code facts.properties} (its
 * classpath, the jar the connector and the SDK's classes come from, if any, the row count, whether the source reports
 * batch writes) and {@code items.jsonl} (the {@code _dynamodb_item} of every row read), then copies the source to the
 * target table with {@code df.write().format("dynamodb")} when the connector supports writes.
 */
public final class SparkUserApp {
    static final String ITEM_COLUMN = "_dynamodb_item";
    static final String ABSENT = "absent";
    /** Classes that must not be visible as themselves: the jar carries them relocated, Spark does not have them. */
    static final List<String> UNRELOCATED = List.of("software.amazon.awssdk.services.dynamodb.DynamoDbClient",
            "software.amazon.awssdk.core.SdkBytes", "org.apache.http.client.HttpClient");
    /** The same classes as the jar carries them. */
    static final List<String> RELOCATED = List.of("dev.bulk.shaded.awssdk.services.dynamodb.DynamoDbClient",
            "dev.bulk.shaded.awssdk.core.SdkBytes", "dev.bulk.shaded.http.client.HttpClient");

    private SparkUserApp() {
    }

    public static void main(String[] args) throws IOException {
        String endpoint = args[0];
        String source = args[1];
        String target = args[2];
        Path out = Paths.get(args[3]);
        Map<String, String> client = Map.of("endpoint", endpoint, "region", "us-east-1", "staticCredentials", "true");
        Properties facts = new Properties();
        facts.setProperty("classpath", System.getProperty("java.class.path"));
        SparkSession spark = SparkSession.builder().master("local[2]").appName("bulk-runtime-jar-it")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            TableProvider provider = lookUp("dynamodb");
            facts.setProperty("provider", provider.getClass().getName());
            facts.setProperty("provider.jar", jarOf(provider.getClass()));
            for (String name : UNRELOCATED) {
                facts.setProperty("from." + name, from(name));
            }
            for (String name : RELOCATED) {
                facts.setProperty("from." + name, from(name));
            }
            facts.setProperty("writes", Boolean.toString(supportsBatchWrite(provider, source, client)));

            Dataset<Row> df = spark.read().format("dynamodb").option("table", source).options(client).load();
            facts.setProperty("count", Long.toString(df.count()));
            // every column (each typed value converted inside the jar) and the exact item, by name: it stays
            // readable so when it is a hidden metadata column
            List<Row> rows = df.select(functions.col("*"), functions.col(ITEM_COLUMN)).collectAsList();
            List<String> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(row.getString(row.length() - 1));
            }
            Files.write(out.resolve("items.jsonl"), items, StandardCharsets.UTF_8);
            if (Boolean.parseBoolean(facts.getProperty("writes"))) {
                // The documented exact copy: the exact item is a metadata column, so it is named to be written.
                df.select(functions.col("*"), functions.col(ITEM_COLUMN)).write().format("dynamodb").option("table", target)
                        .options(client).mode("append").save();
                facts.setProperty("written", "true");
            }
        } finally {
            try (OutputStream stream = Files.newOutputStream(out.resolve("facts.properties"))) {
                facts.store(stream, null);
            }
            spark.stop();
        }
    }

    /** The provider Spark resolves a short name to: the DataSourceRegister service entries of the classpath. */
    private static TableProvider lookUp(String name) {
        for (DataSourceRegister register : ServiceLoader.load(DataSourceRegister.class)) {
            if (register.shortName().equals(name)) {
                return (TableProvider) register;
            }
        }
        throw new IllegalStateException("no DataSourceRegister named " + name + " on the classpath");
    }

    /** What a writer needs first: the table the source hands Spark reports BATCH_WRITE. */
    private static boolean supportsBatchWrite(TableProvider provider, String table, Map<String, String> client) {
        Map<String, String> options = new HashMap<>(client);
        options.put("table", table);
        CaseInsensitiveStringMap map = new CaseInsensitiveStringMap(options);
        StructType schema = provider.inferSchema(map);
        Table resolved = provider.getTable(schema, new Transform[0], options);
        return resolved.capabilities().contains(TableCapability.BATCH_WRITE);
    }

    /** The jar a class is loaded from, or {@value #ABSENT}. */
    private static String from(String className) {
        try {
            return jarOf(Class.forName(className, false, SparkUserApp.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return ABSENT;
        }
    }

    private static String jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? "" : Paths.get(source.getLocation().getPath()).toString();
    }
}

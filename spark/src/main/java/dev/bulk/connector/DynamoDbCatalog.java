package dev.bulk.connector;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * DynamoDB's tables under a Spark catalog name, for {@code df.writeTo("ddb.users").append()}
 * (DataFrameWriterV2) and SQL names ({@code SELECT … FROM ddb.users}). Configure it with
 * {@code spark.sql.catalog.ddb=dev.bulk.connector.DynamoDbCatalog} and the connector's options as
 * {@code spark.sql.catalog.ddb.<key>} (region, endpoint, profile, …); a table is its name, with no
 * namespace. The tables stay DynamoDB's own: this catalog neither lists, creates, alters nor drops them.
 */
public final class DynamoDbCatalog implements TableCatalog {
    private String name;
    private Map<String, String> options = Map.of();

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.name = name;
        this.options = Map.copyOf(options.asCaseSensitiveMap());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        if (ident.namespace().length > 0) {
            throw new NoSuchTableException(ident);
        }
        Map<String, String> properties = new HashMap<>(options);
        properties.put(ReadOptions.TABLE, ident.name());
        ReadOptions read = ReadOptions.from(properties);
        DynamoDbSource.Target target;
        try {
            target = DynamoDbSource.Target.describe(read);
        } catch (ResourceNotFoundException e) {
            throw new NoSuchTableException(ident);
        }
        return new DynamoDbTable(read, target, SchemaInference.infer(read, target.info(), target.keyTypes()), properties);
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        throw unsupported("listing tables");
    }

    @Override
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        throw unsupported("creating a table");
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw unsupported("altering a table");
    }

    @Override
    public boolean dropTable(Identifier ident) {
        throw unsupported("dropping a table");
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw unsupported("renaming a table");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not supported by the dynamodb catalog: its tables are DynamoDB's");
    }
}

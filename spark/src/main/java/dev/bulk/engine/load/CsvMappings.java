package dev.bulk.engine.load;

import dev.bulk.connector.LoadValues;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * CSV cells as attributes. Without mappings every column is a string attribute of its name (an
 * empty cell is the empty string). With the reference's mappings ({@code [source, sourceType,
 * target, targetType]}, Glue type names) only the mapped columns are kept, renamed and typed; an
 * empty cell of a typed column is left out, and a cell that is not of its type fails its row.
 */
public final class CsvMappings {
    static final Set<String> INTEGRAL = Set.of("int", "integer", "long", "bigint", "short", "smallint", "byte", "tinyint");
    static final Set<String> DECIMAL = Set.of("double", "float", "decimal", "number", "numeric");
    static final Set<String> TEXT = Set.of("string", "varchar", "char", "date", "timestamp");
    static final Set<String> OTHER = Set.of("boolean", "binary");

    private final List<LoadSpec.Mapping> mappings;
    private final int[] sources;

    CsvMappings(List<LoadSpec.Mapping> mappings, StructField[] fields, int dataColumns) {
        this.mappings = mappings;
        this.sources = new int[mappings.size()];
        for (int m = 0; m < mappings.size(); m++) {
            sources[m] = indexOf(mappings.get(m).source(), fields, dataColumns);
        }
    }

    /** The column index of {@code name}, or -1. */
    static int indexOf(String name, StructField[] fields, int dataColumns) {
        for (int i = 0; i < dataColumns; i++) {
            if (fields[i].name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a Glue type name is one a mapping may give (as the target type). */
    public static boolean knownType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return INTEGRAL.contains(lower) || DECIMAL.contains(lower) || TEXT.contains(lower) || OTHER.contains(lower)
                || lower.startsWith("decimal(");
    }

    static Map<String, AttributeValue> item(Row row, StructField[] fields, int dataColumns, CsvMappings mappings) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (mappings == null) {
            for (int i = 0; i < dataColumns; i++) {
                item.put(fields[i].name(), AttributeValue.fromS(row.isNullAt(i) ? "" : row.getString(i)));
            }
            return item;
        }
        List<String> problems = new ArrayList<>();
        for (int m = 0; m < mappings.mappings.size(); m++) {
            LoadSpec.Mapping mapping = mappings.mappings.get(m);
            int source = mappings.sources[m];
            String text = source < 0 || row.isNullAt(source) ? "" : row.getString(source);
            try {
                AttributeValue value = typed(text, mapping.targetType());
                if (value != null) {
                    item.put(mapping.target(), value);
                }
            } catch (IllegalArgumentException e) {
                problems.add("column '" + mapping.source() + "' (" + mapping.targetType() + "): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return item;
    }

    /** A cell as its mapped type; null for an empty cell of a non-string type. */
    static AttributeValue typed(String text, String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        if (TEXT.contains(lower)) {
            return AttributeValue.fromS(text);
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (INTEGRAL.contains(lower)) {
            try {
                return AttributeValue.fromN(new BigInteger(trimmed).toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an integer");
            }
        }
        if (DECIMAL.contains(lower) || lower.startsWith("decimal(")) {
            String problem = LoadValues.numberProblem(trimmed);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return AttributeValue.fromN(trimmed);
        }
        if (lower.equals("boolean")) {
            if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                return AttributeValue.fromBool(Boolean.parseBoolean(trimmed.toLowerCase(Locale.ROOT)));
            }
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        try {
            return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(trimmed)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not base64");
        }
    }
}

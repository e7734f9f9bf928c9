package dev.bulk.connector;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the sample showed of one attribute (or nested field, or list element): the DynamoDB types
 * seen and, for numbers, whether they were all whole and how many digits they needed. Turns
 * into a Spark type, widened where the sample disagrees with itself.
 */
final class TypeSketch {
    enum Kind { S, N, B, BOOL, SS, NS, BS, L, M }

    private final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    private final Numbers numbers = new Numbers();
    private final Map<String, TypeSketch> fields = new TreeMap<>();
    private TypeSketch element;

    /** Digits seen in numbers: integral and within 64 bits, or the scale and integer digits a decimal needs. */
    static final class Numbers {
        boolean seen;
        boolean allLong = true;
        int maxScale;
        int maxIntegerDigits;

        void add(String text) {
            seen = true;
            BigDecimal value = new BigDecimal(text);
            BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
            int scale = Math.max(0, stripped.scale());
            int integerDigits = Math.max(1, stripped.precision() - stripped.scale());
            maxScale = Math.max(maxScale, scale);
            maxIntegerDigits = Math.max(maxIntegerDigits, integerDigits);
            if (scale > 0 || integerDigits > 18 && !fitsLong(stripped)) {
                allLong = false;
            }
        }

        private static boolean fitsLong(BigDecimal value) {
            try {
                value.longValueExact();
                return true;
            } catch (ArithmeticException e) {
                return false;
            }
        }

        DataType type() {
            if (!seen || allLong) {
                return DataTypes.LongType;
            }
            if (maxScale + maxIntegerDigits <= 38) {
                return DataTypes.createDecimalType(38, maxScale);
            }
            // No decimal(38, s) holds both the widest integer part and the longest fraction seen (a
            // 38-digit integer beside 0.5), and a double would round 38 digits to 17, so two numbers
            // would compare equal that are not. The column keeps DynamoDB's exact text instead,
            // still pinned to N: --where compares it with number literals exactly (ExactNumbers),
            // and any other use as a number is refused (QueryGuard) rather than rounded.
            return DataTypes.StringType;
        }
    }

    void add(AttributeValue value) {
        switch (value.type()) {
            case S -> kinds.add(Kind.S);
            case N -> {
                kinds.add(Kind.N);
                numbers.add(value.n());
            }
            case B -> kinds.add(Kind.B);
            case BOOL -> kinds.add(Kind.BOOL);
            case SS -> kinds.add(Kind.SS);
            case NS -> {
                kinds.add(Kind.NS);
                value.ns().forEach(numbers::add);
            }
            case BS -> kinds.add(Kind.BS);
            case L -> {
                kinds.add(Kind.L);
                if (element == null) {
                    element = new TypeSketch();
                }
                value.l().forEach(element::add);
            }
            case M -> {
                kinds.add(Kind.M);
                value.m().forEach((name, member) -> fields.computeIfAbsent(name, n -> new TypeSketch()).add(member));
            }
            default -> {
                // NULL says nothing about the column's type
            }
        }
    }

    /** The Spark field for this sketch: pinned to one DynamoDB type when the sample agrees, else a lenient string. */
    StructField field(String name) {
        if (kinds.size() != 1) {
            return new StructField(name, DataTypes.StringType, true, Metadata.empty());
        }
        Kind kind = kinds.iterator().next();
        return new StructField(name, type(kind), true, TypeMapping.typed(kind.name()));
    }

    /** The type of a list element or a set member: lenient (a list may mix types). */
    private DataType elementType() {
        if (kinds.size() != 1) {
            return DataTypes.StringType;
        }
        return type(kinds.iterator().next());
    }

    private DataType type(Kind kind) {
        return switch (kind) {
            case S -> DataTypes.StringType;
            case N -> numbers.type();
            case B -> DataTypes.BinaryType;
            case BOOL -> DataTypes.BooleanType;
            case SS -> DataTypes.createArrayType(DataTypes.StringType);
            case NS -> DataTypes.createArrayType(numbers.type());
            case BS -> DataTypes.createArrayType(DataTypes.BinaryType);
            case L -> DataTypes.createArrayType(element == null ? DataTypes.StringType : element.elementType());
            case M -> struct();
        };
    }

    private StructType struct() {
        List<StructField> members = new java.util.ArrayList<>();
        fields.forEach((name, sketch) -> members.add(sketch.field(name)));
        return new StructType(members.toArray(new StructField[0]));
    }

    Numbers numbers() {
        return numbers;
    }
}

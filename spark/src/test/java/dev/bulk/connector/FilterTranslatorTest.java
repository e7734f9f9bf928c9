package dev.bulk.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.FieldReference;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Predicate in, exact expression (with names and values) and exactness out. */
class FilterTranslatorTest {
    private static final StructType SCHEMA = new StructType(new StructField[] {
        new StructField("s", DataTypes.StringType, true, TypeMapping.typed("S")),
        new StructField("n", DataTypes.LongType, true, TypeMapping.typed("N")),
        new StructField("name", DataTypes.StringType, true, TypeMapping.typed("S")),
        new StructField("mixed", DataTypes.StringType, true, Metadata.empty()),
    });

    private static Predicate compare(String op, String column, Expression literal) {
        return new Predicate(op, new Expression[] {FieldReference.apply(column), literal});
    }

    private static LiteralValue<UTF8String> string(String value) {
        return new LiteralValue<>(UTF8String.fromString(value), DataTypes.StringType);
    }

    private static LiteralValue<Long> number(long value) {
        return new LiteralValue<>(value, DataTypes.LongType);
    }

    @Test
    void stringComparisonIsExactWithPlaceholders() {
        ExpressionNames names = new ExpressionNames();
        FilterTranslator.Rendered rendered = new FilterTranslator(SCHEMA, names).translate(compare("<", "name", string("m")));
        assertThat(rendered.whenTrue()).isEqualTo(new FilterTranslator.Condition("#n0 < :v0", true));
        assertThat(rendered.whenFalse()).isEqualTo(new FilterTranslator.Condition("#n0 >= :v0", true));
        assertThat(names.namesUsedIn("#n0 < :v0")).isEqualTo(Map.of("#n0", "name"));
        assertThat(names.valuesUsedIn("#n0 < :v0")).isEqualTo(Map.of(":v0", AttributeValue.fromS("m")));
    }

    @Test
    void notEqualIsGuardedSoMissingAttributesDoNotMatch() {
        FilterTranslator.Rendered rendered = new FilterTranslator(SCHEMA, new ExpressionNames())
                .translate(compare("<>", "s", string("x")));
        assertThat(rendered.whenTrue()).isEqualTo(new FilterTranslator.Condition("attribute_type(#n0, :v1) AND #n0 <> :v0", true));
    }

    @Test
    void numericRangeIsASupersetButEqualityIsExact() {
        FilterTranslator translator = new FilterTranslator(SCHEMA, new ExpressionNames());
        assertThat(translator.translate(compare(">", "n", number(5))).whenTrue().exact()).isFalse();
        assertThat(translator.translate(compare("=", "n", number(5))).whenTrue()).isEqualTo(
                new FilterTranslator.Condition("#n0 = :v0", true));
    }

    @Test
    void notSwapsTheRenderingsAndAndCombinesThem() {
        Predicate predicate = new Not(new And(compare("=", "s", string("a")), compare("=", "name", string("b"))));
        FilterTranslator.Rendered rendered = new FilterTranslator(SCHEMA, new ExpressionNames()).translate(predicate);
        assertThat(rendered.whenTrue().expression()).isEqualTo(
                "(attribute_type(#n0, :v1) AND #n0 <> :v0) OR (attribute_type(#n1, :v1) AND #n1 <> :v2)");
        assertThat(rendered.whenTrue().exact()).isTrue();
    }

    @Test
    void widenedColumnsAndFunctionsStayInSparkWithAReason() {
        FilterTranslator translator = new FilterTranslator(SCHEMA, new ExpressionNames());
        assertThat(translator.translate(compare("=", "mixed", string("5"))).whenTrue().known()).isFalse();
        Predicate endsWith = new Predicate("ENDS_WITH", new Expression[] {FieldReference.apply("s"), string("x")});
        assertThat(translator.translate(endsWith).whenTrue().known()).isFalse();
        assertThat(translator.reasons()).hasSize(2);
        assertThat(translator.reasons().get(0)).contains("more than one DynamoDB type");
        assertThat(translator.reasons().get(1)).contains("no equivalent of ENDS_WITH");
        assertThat(List.copyOf(translator.reasons())).allMatch(reason -> reason.contains(":"));
    }
}

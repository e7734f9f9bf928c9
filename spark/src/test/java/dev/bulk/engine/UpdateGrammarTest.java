package dev.bulk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk.dynamo.KeySchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What update's --set/--remove/--add/--condition become: a table of clauses → expression and placeholders. */
class UpdateGrammarTest {
    private static final KeySchema KEYS = new KeySchema("pk", "S", "sk", "N");

    private static DeclaredUpdate parse(List<String> set, List<String> remove, List<String> add, String condition) {
        return UpdateGrammar.parse(new UpdateGrammar.Clauses(set, remove, add, condition), KEYS);
    }

    @Test
    void namesAndValuesBecomePlaceholders() {
        DeclaredUpdate update = parse(List.of("status = 'done', n = n + 1", "m.`odd name`[2] = if_not_exists(m.x, -1.5)"),
                List.of("old"), List.of("visits 2"), "status <> \"done\" AND size(tags) < 3 OR NOT begins_with(status, 'x')");

        assertThat(update.updateExpression()).isEqualTo("SET #u0 = :u0, #u1 = #u1 + :u1, #u2.#u3[2] = if_not_exists(#u2.#u4, :u2) "
                + "REMOVE #u5 ADD #u6 :u3");
        assertThat(update.conditionExpression()).isEqualTo("attribute_exists(#u7) AND (#u0 <> :u0 AND size(#u8) < :u4 OR NOT "
                + "begins_with(#u0, :u5))");
        assertThat(update.names()).containsExactly(Map.entry("#u0", "status"), Map.entry("#u1", "n"), Map.entry("#u2", "m"),
                Map.entry("#u3", "odd name"), Map.entry("#u4", "x"), Map.entry("#u5", "old"), Map.entry("#u6", "visits"),
                Map.entry("#u7", "pk"), Map.entry("#u8", "tags"));
        assertThat(update.values()).containsExactly(Map.entry(":u0", AttributeValue.fromS("done")),
                Map.entry(":u1", AttributeValue.fromN("1")), Map.entry(":u2", AttributeValue.fromN("-1.5")),
                Map.entry(":u3", AttributeValue.fromN("2")), Map.entry(":u4", AttributeValue.fromN("3")),
                Map.entry(":u5", AttributeValue.fromS("x")));
    }

    @Test
    void literalsOfEveryKind() {
        DeclaredUpdate update = parse(List.of("a = [1, 'two', true, null, {k: 'it''s'}]"), List.of(), List.of(), null);

        assertThat(update.values().get(":u0")).isEqualTo(AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
                AttributeValue.fromS("two"), AttributeValue.fromBool(true), AttributeValue.fromNul(true),
                AttributeValue.fromM(Map.of("k", AttributeValue.fromS("it's"))))));
    }

    @Test
    void whatCannotBeReadNamesTheFlagAndValue() {
        Object[][] bad = {
            {List.of("n = = 1"), List.of(), "--set", "expected a name or a value but found '='"},
            {List.of("n = :v"), List.of(), "--set", "write names and values directly"},
            {List.of("#n = 1"), List.of(), "--set", "write names and values directly"},
            {List.of("sk = 1"), List.of(), "--set", "part of the table's key"},
            {List.of("n = 'open"), List.of(), "--set", "is not closed"},
            {List.of("n = upper(x)"), List.of(), "--set", "unknown function 'upper'"},
            {List.of(), List.of("a b"), "--remove", "expected ',' or the end but found 'b'"},
        };
        for (Object[] row : bad) {
            @SuppressWarnings("unchecked")
            List<String> set = (List<String>) row[0];
            @SuppressWarnings("unchecked")
            List<String> remove = (List<String>) row[1];
            assertThatThrownBy(() -> parse(set, remove, List.of(), null)).isInstanceOf(UpdateGrammar.Invalid.class)
                    .hasMessageContaining((String) row[3]).satisfies(e -> assertThat(((UpdateGrammar.Invalid) e).flag())
                            .isEqualTo(row[2]));
        }
        assertThatThrownBy(() -> parse(List.of("a = 1"), List.of(), List.of("n = 'x'"), null))
                .hasMessageContaining("a number to add");
        assertThatThrownBy(() -> parse(List.of("a = 1"), List.of(), List.of(), "a = 1 AND"))
                .hasMessageContaining("but found the end");
        assertThatThrownBy(() -> parse(List.of("a = 1"), List.of(), List.of(), "a"))
                .hasMessageContaining("a comparison");
    }

    @Test
    void aWhereConditionIsAddedWithItsOwnPlaceholders() {
        DeclaredUpdate update = parse(List.of("a = 1"), List.of(), List.of(), null)
                .and("#n0 > :v0", Map.of("#n0", "n"), Map.of(":v0", AttributeValue.fromN("5")));

        assertThat(update.conditionExpression()).isEqualTo("(attribute_exists(#u1)) AND (#n0 > :v0)");
        assertThat(update.names()).containsEntry("#n0", "n").containsEntry("#u1", "pk");
        assertThat(update.values()).containsEntry(":v0", AttributeValue.fromN("5"));
    }
}

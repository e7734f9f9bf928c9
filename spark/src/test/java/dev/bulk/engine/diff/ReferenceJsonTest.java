package dev.bulk.engine.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The reference's spelling of JSON (Python's json.dumps with separators ',' and ': ', ASCII only). */
class ReferenceJsonTest {
    @Test
    void separatorsAndEscapesAreThoseOfTheReference() throws Exception {
        String json = "{\"k\":{\"S\":\"a\\\"b\\\\c\\n\\t\\u0001\\u007f é 😀 /\"},\"l\":{\"L\":[{\"N\":\"1\"},{\"BOOL\":true},"
                + "{\"NULL\":true}]},\"m\":{\"M\":{}}}";
        String text = ReferenceJson.text(new ObjectMapper().readTree(json));
        // What Python prints for the same object: json.dumps(value, separators=(',', ': '))
        assertThat(text).isEqualTo("{\"k\": {\"S\": \"a\\\"b\\\\c\\n\\t\\u0001\\u007f \\u00e9 \\ud83d\\ude00 /\"},"
                + "\"l\": {\"L\": [{\"N\": \"1\"},{\"BOOL\": true},{\"NULL\": true}]},\"m\": {\"M\": {}}}");
    }
}

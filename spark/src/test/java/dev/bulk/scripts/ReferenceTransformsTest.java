package dev.bulk.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Bulk Executor's five transforms, found by its names (with or without .py), on full and incremental records. */
class ReferenceTransformsTest {
    private static final List<String> KEYS = List.of("pk", "sk");

    @TempDir
    Path root;

    private ExportTransform transform(String name) {
        ExportTransform transform = ScriptCatalog.resolve(ScriptKind.TRANSFORM, name, root).newInstance(ExportTransform.class);
        transform.open(KEYS);
        return transform;
    }

    private static Map<String, AttributeValue> item(String pk, Object... pairs) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS("s"));
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            item.put((String) pairs[i], value instanceof AttributeValue av ? av : AttributeValue.fromS((String) value));
        }
        return item;
    }

    private static ExportChange update(Map<String, AttributeValue> newImage) {
        return new ExportChange(Map.of("pk", newImage.get("pk"), "sk", newImage.get("sk")), newImage, null, 1L);
    }

    private static ExportChange delete(String pk) {
        return new ExportChange(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("s")), null, null, 1L);
    }

    @Test
    void builtInTransformsAreListedUnderTheReferenceNames() {
        assertThat(ScriptCatalog.builtInNames(ScriptKind.TRANSFORM)).containsExactly("default", "load_only_active",
                "pii_mask_attribute", "pii_remove_attribute", "pkmd5_add_attribute");
    }

    @Test
    void aPythonFileNameMeansTheBuiltInOfThatName() {
        assertThat(ScriptCatalog.resolve(ScriptKind.FILL, "default.py", root))
                .isEqualTo(new ScriptRef.BuiltIn("default", DefaultGenerator.class.getName()));
        assertThat(ScriptCatalog.resolve(ScriptKind.UPDATE, "touched.py", root))
                .isEqualTo(new ScriptRef.BuiltIn("touched", TouchedUpdater.class.getName()));
        assertThat(ScriptCatalog.resolve(ScriptKind.TRANSFORM, "load_only_active.py", root).displayName())
                .isEqualTo("load_only_active");
        assertThat(ScriptCatalog.resolve(ScriptKind.FILL, "fakeusers", root))
                .isEqualTo(new ScriptRef.BuiltIn("users", UsersGenerator.class.getName()));
    }

    @Test
    void defaultPassesEveryRecord() {
        Map<String, AttributeValue> item = item("a", "Name", "Alice");
        assertThat(transform("default").transformFull(item)).containsExactly(item);
        assertThat(transform("default").transformIncremental(delete("a"))).containsExactly(delete("a"));
    }

    @Test
    void loadOnlyActiveKeepsActiveItemsAndEveryDelete() {
        ExportTransform active = transform("load_only_active");
        Map<String, AttributeValue> on = item("a", "status", "active");
        Map<String, AttributeValue> off = item("b", "status", "inactive");
        Map<String, AttributeValue> numeric = item("c", "status", AttributeValue.fromN("1"));

        assertThat(active.transformFull(on)).containsExactly(on);
        assertThat(active.transformFull(off)).isEmpty();
        assertThat(active.transformFull(numeric)).isEmpty();
        assertThat(active.transformFull(item("d"))).isEmpty();
        assertThat(active.transformIncremental(update(on))).containsExactly(update(on));
        assertThat(active.transformIncremental(update(off))).isEmpty();
        assertThat(active.transformIncremental(delete("b"))).containsExactly(delete("b"));
    }

    @Test
    void piiRemoveDropsNameButNeverAKeyOrAnotherAttribute() {
        ExportTransform remove = transform("pii_remove_attribute");
        assertThat(remove.transformFull(item("a", "Name", "Alice", "name", "lower"))).containsExactly(item("a", "name", "lower"));
        assertThat(remove.transformIncremental(update(item("a", "Name", "Alice"))).get(0).newImage()).isEqualTo(item("a"));
        assertThat(remove.transformIncremental(delete("a"))).containsExactly(delete("a"));

        ExportTransform keyed = ScriptCatalog.resolve(ScriptKind.TRANSFORM, "pii_remove_attribute", root)
                .newInstance(ExportTransform.class);
        keyed.open(List.of("Name"));
        Map<String, AttributeValue> keyItem = Map.of("Name", AttributeValue.fromS("Alice"));
        assertThat(keyed.transformFull(keyItem)).containsExactly(keyItem);
    }

    @Test
    void piiMaskKeepsFirstAndLastLetterOfEachWord() {
        ExportTransform mask = transform("pii_mask_attribute");
        assertThat(mask.transformFull(item("a", "Name", "Alice Smith")).get(0).get("Name").s()).isEqualTo("A***e S***h");
        assertThat(mask.transformIncremental(update(item("a", "Name", "Bob"))).get(0).newImage().get("Name").s())
                .isEqualTo("B*b");
        assertThat(ReferenceTransforms.PiiMaskAttribute.mask("Jo A  Li")).isEqualTo("J* A  L*");
        Map<String, AttributeValue> number = item("a", "Name", AttributeValue.fromN("42"));
        assertThat(mask.transformFull(number)).containsExactly(number);
    }

    @Test
    void pkMd5AddsTheHexDigestOfThePartitionKey() {
        ExportTransform md5 = transform("pkmd5_add_attribute");
        // md5("abc") is the RFC 1321 test vector.
        assertThat(md5.transformFull(item("abc")).get(0).get("pk_md5").s()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(md5.transformIncremental(update(item("abc", "x", "1"))).get(0).newImage().get("pk_md5").s())
                .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(md5.transformIncremental(delete("abc"))).containsExactly(delete("abc"));
        assertThat(ReferenceTransforms.PkMd5AddAttribute.text(AttributeValue.fromN("12.5"))).isEqualTo("12.5");
        assertThat(ReferenceTransforms.PkMd5AddAttribute.text(AttributeValue.fromB(SdkBytes.fromUtf8String("hi"))))
                .isEqualTo("aGk=");
    }
}

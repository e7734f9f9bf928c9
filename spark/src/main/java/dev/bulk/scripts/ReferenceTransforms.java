package dev.bulk.scripts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Bulk Executor's five load-export transforms, built in under the same names so its users'
 * {@code --transform NAME} keeps working. Each is a copy-me starting point as well: a file
 * {@code scripts/transform/NAME.java} of the same name wins over the built-in.
 */
public final class ReferenceTransforms {
    /** The attributes the PII transforms treat: the reference ships exactly this list (case-sensitive). */
    static final Set<String> PII_ATTRIBUTES = Set.of("Name");

    private ReferenceTransforms() {
    }

    /** {@code default}: every record as it is. */
    public static final class PassThrough implements ExportTransform {
    }

    /** {@code load_only_active}: items whose {@code status} is the string "active"; deletes always pass, so they are applied. */
    public static final class LoadOnlyActive implements ExportTransform {
        @Override
        public List<Map<String, AttributeValue>> transformFull(Map<String, AttributeValue> item) {
            return isActive(item) ? List.of(item) : List.of();
        }

        @Override
        public List<ExportChange> transformIncremental(ExportChange change) {
            return change.isDelete() || isActive(change.newImage()) ? List.of(change) : List.of();
        }

        private static boolean isActive(Map<String, AttributeValue> item) {
            AttributeValue status = item.get("status");
            return status != null && "active".equals(status.s());
        }
    }

    /** Shared by the PII transforms: which attributes of an item they may touch (never a key attribute). */
    private abstract static class PiiTransform implements ExportTransform {
        private List<String> keys = List.of();

        @Override
        public final void open(List<String> keyAttributes) {
            keys = List.copyOf(keyAttributes);
        }

        @Override
        public final List<Map<String, AttributeValue>> transformFull(Map<String, AttributeValue> item) {
            return List.of(apply(item));
        }

        @Override
        public final List<ExportChange> transformIncremental(ExportChange change) {
            return change.isDelete() ? List.of(change) : List.of(change.withNewImage(apply(change.newImage())));
        }

        private Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> out = new LinkedHashMap<>(item);
            for (String name : PII_ATTRIBUTES) {
                if (out.containsKey(name) && !keys.contains(name)) {
                    change(out, name);
                }
            }
            return out;
        }

        abstract void change(Map<String, AttributeValue> item, String attribute);
    }

    /** {@code pii_remove_attribute}: drops the PII attributes. */
    public static final class PiiRemoveAttribute extends PiiTransform {
        @Override
        void change(Map<String, AttributeValue> item, String attribute) {
            item.remove(attribute);
        }
    }

    /** {@code pii_mask_attribute}: masks a PII string word by word ("Alice Smith" → "A***e S***h"); other types stay. */
    public static final class PiiMaskAttribute extends PiiTransform {
        @Override
        void change(Map<String, AttributeValue> item, String attribute) {
            String value = item.get(attribute).s();
            if (value != null) {
                item.put(attribute, AttributeValue.fromS(mask(value)));
            }
        }

        /**
         * Words are split on single spaces, as the reference does. A two-letter word keeps only its
         * first letter: the reference's formula (first + stars + last) would leave it whole.
         */
        static String mask(String text) {
            String[] words = text.split(" ", -1);
            List<String> masked = new ArrayList<>(words.length);
            for (String word : words) {
                int length = word.codePointCount(0, word.length());
                if (length <= 1) {
                    masked.add(word);
                    continue;
                }
                int[] points = word.codePoints().toArray();
                StringBuilder out = new StringBuilder().appendCodePoint(points[0]);
                out.append("*".repeat(Math.max(1, length - 2)));
                if (length > 2) {
                    out.appendCodePoint(points[length - 1]);
                }
                masked.add(out.toString());
            }
            return String.join(" ", masked);
        }
    }

    /** {@code pkmd5_add_attribute}: adds {@code pk_md5}, the lowercase hex MD5 of the partition key's value as text. */
    public static final class PkMd5AddAttribute implements ExportTransform {
        static final String ATTRIBUTE = "pk_md5";
        private String partitionKey;

        @Override
        public void open(List<String> keyAttributes) {
            partitionKey = keyAttributes.get(0);
        }

        @Override
        public List<Map<String, AttributeValue>> transformFull(Map<String, AttributeValue> item) {
            return List.of(withDigest(item, item.get(partitionKey)));
        }

        @Override
        public List<ExportChange> transformIncremental(ExportChange change) {
            if (change.isDelete()) {
                return List.of(change);
            }
            return List.of(change.withNewImage(withDigest(change.newImage(), change.keys().get(partitionKey))));
        }

        private static Map<String, AttributeValue> withDigest(Map<String, AttributeValue> item, AttributeValue key) {
            if (key == null) {
                throw new IllegalArgumentException("the record has no partition key value");
            }
            Map<String, AttributeValue> out = new LinkedHashMap<>(item);
            out.put(ATTRIBUTE, AttributeValue.fromS(md5Hex(text(key))));
            return out;
        }

        /** A key value as text: a string as it is, a number as DynamoDB returns it, binary as base64. */
        static String text(AttributeValue key) {
            if (key.s() != null) {
                return key.s();
            }
            if (key.n() != null) {
                return key.n();
            }
            return Base64.getEncoder().encodeToString(key.b().asByteArray());
        }

        static String md5Hex(String text) {
            try {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this Java runtime has no MD5", e);
            }
        }
    }
}

package dev.bulk.scripts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One record of a DynamoDB export as load-export and revert-export see it: the item's key, its
 * new image (absent for a delete) and its old image (only in an incremental export with
 * NEW_AND_OLD_IMAGES). A full export's item is a record with only a new image. Loading writes the
 * new image, or deletes the key when there is none.
 *
 * @param writeTimestampMicros when DynamoDB wrote the change (incremental exports), else null
 */
public record ExportChange(Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage,
        Map<String, AttributeValue> oldImage, Long writeTimestampMicros) {
    public ExportChange {
        Objects.requireNonNull(keys, "keys is null");
        keys = copy(keys);
        newImage = newImage == null ? null : copy(newImage);
        oldImage = oldImage == null ? null : copy(oldImage);
    }

    private static Map<String, AttributeValue> copy(Map<String, AttributeValue> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Whether loading this record deletes the item. */
    public boolean isDelete() {
        return newImage == null;
    }

    /** The same record with another new image (null: a delete). */
    public ExportChange withNewImage(Map<String, AttributeValue> image) {
        return new ExportChange(keys, image, oldImage, writeTimestampMicros);
    }
}

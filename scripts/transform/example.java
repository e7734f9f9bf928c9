// A transform for `bulk load-export` / `bulk revert-export`: a single Java file, compiled by bulk at run time.
// Use it with:  ./bulk load-export --local --table t --s3-path PATH/AWSDynamoDB/<export-id> --transform example
// (bulk looks in scripts/transform/NAME.java; or pass a path: --transform scripts/transform/example.java)
//
// Each method gets one record and returns the records to write instead: an empty list skips it
// (counted as excluded), several fan it out. An exception skips only that record: it goes to the
// failure file with its key. This one keeps only items whose 'status' is "active".

import dev.bulk.scripts.ExportChange;
import dev.bulk.scripts.ExportTransform;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public class example implements ExportTransform {
    @Override
    public List<Map<String, AttributeValue>> transformFull(Map<String, AttributeValue> item) {
        return isActive(item) ? List.of(item) : List.of();
    }

    @Override
    public List<ExportChange> transformIncremental(ExportChange change) {
        // A delete (no new image) is kept, so an item deleted at the source is deleted here too.
        return change.isDelete() || isActive(change.newImage()) ? List.of(change) : List.of();
    }

    private static boolean isActive(Map<String, AttributeValue> item) {
        AttributeValue status = item.get("status");
        return status != null && "active".equals(status.s());
    }
}

// A user updater for `bulk update`: a single Java file, compiled by bulk at run time.
// Use it with:  ./bulk update --local --table bulk-quickstart --generator example --dry-run
// (bulk looks in scripts/update/NAME.java; or pass a path: --generator scripts/update/example.java)
//
// update(item) gets every item exactly as DynamoDB returned it and returns null (leave it alone)
// or an ItemUpdate: the item's key, an update expression, an optional condition, and the #name /
// :value placeholders they use. A resumed run may call it again for items of unfinished segments,
// so make updates idempotent: here the condition makes a second run change nothing.

import dev.bulk.scripts.ItemUpdate;
import dev.bulk.scripts.ItemUpdater;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public class example implements ItemUpdater {
    private List<String> keys;

    @Override
    public void open(List<String> keyAttributes) {
        this.keys = keyAttributes; // the table's key attribute names
    }

    @Override
    public ItemUpdate update(Map<String, AttributeValue> item) {
        AttributeValue name = item.get("name");
        if (name == null || name.s() == null) {
            return null; // only items with a string 'name'
        }
        Map<String, AttributeValue> key = new java.util.LinkedHashMap<>();
        keys.forEach(k -> key.put(k, item.get(k)));
        return ItemUpdate.of(key)
                .set("SET #n = :upper, #v = if_not_exists(#v, :zero) + :one")
                .condition("attribute_exists(#n) AND #n <> :upper")
                .name("#n", "name")
                .name("#v", "version")
                .value(":upper", name.s().toUpperCase())
                .value(":zero", 0)
                .value(":one", 1);
    }
}

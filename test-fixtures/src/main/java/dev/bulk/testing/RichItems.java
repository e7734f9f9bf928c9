package dev.bulk.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items with every DynamoDB type, nested maps and lists, missing and NULL attributes, reserved
 * words ("name", "size", "timestamp"), a dotted name ("a.b") and an odd one ("odd-name"), for a
 * table keyed pk (S) + sk (N).
 */
public final class RichItems {
    private static final String[] WORDS = {"alpha", "beta", "ab", "xab", "m", "zeta", "\u00fcn\u00ef", "Alpha"};

    private RichItems() {
    }

    public static List<Map<String, AttributeValue>> items(int count) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(item(i));
        }
        return items;
    }

    static Map<String, AttributeValue> item(int i) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("p" + (i % 6)));
        item.put("sk", AttributeValue.fromN(String.valueOf(i)));
        if (i % 7 == 0) {
            item.put("s", AttributeValue.fromNul(true));
        } else if (i % 5 != 0) {
            item.put("s", AttributeValue.fromS(WORDS[i % WORDS.length]));
        }
        if (i % 6 != 0) {
            item.put("n", AttributeValue.fromN(String.valueOf(i % 10)));
        }
        if (i % 3 != 0) {
            item.put("price", AttributeValue.fromN((i % 4) + (i % 2 == 0 ? ".5" : ".25")));
        }
        if (i % 4 == 1) {
            item.put("big", AttributeValue.fromN("12345678901234567890123456789012345678"));
        } else if (i % 4 == 2) {
            item.put("big", AttributeValue.fromN("-9999999999999999999999999999999999999" + (i % 10)));
        }
        if (i % 2 == 0) {
            item.put("flag", AttributeValue.fromBool(true));
        } else if (i % 3 == 0) {
            item.put("flag", AttributeValue.fromBool(false));
        }
        if (i % 3 != 2) {
            item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) (i % 3), 2, (byte) 0xff})));
        }
        if (i % 4 != 0) {
            item.put("tags", AttributeValue.fromSs(i % 2 == 0 ? List.of("red", "blue") : List.of("red")));
        }
        item.put("nums", AttributeValue.fromNs(List.of(String.valueOf(i), "2.5")));
        item.put("bins", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                SdkBytes.fromByteArray(new byte[] {2, (byte) i}))));
        item.put("list", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN(String.valueOf(i)),
                AttributeValue.fromM(Map.of("deep", AttributeValue.fromBool(i % 2 == 0))))));
        Map<String, AttributeValue> address = new LinkedHashMap<>();
        address.put("city", AttributeValue.fromS(i % 3 == 0 ? "Paris" : "Oslo"));
        if (i % 2 == 0) {
            address.put("zip", AttributeValue.fromN(String.valueOf(1000 + i)));
        }
        if (i % 9 != 0) {
            item.put("address", AttributeValue.fromM(address));
        }
        item.put("name", AttributeValue.fromS(i % 4 == 0 ? "Alice" : "Bob"));
        item.put("size", AttributeValue.fromN(String.valueOf(i % 3)));
        item.put("a.b", AttributeValue.fromS(i % 2 == 0 ? "dotted" : "plain"));
        item.put("odd-name", AttributeValue.fromN(String.valueOf(i % 5)));
        item.put("a", AttributeValue.fromN(String.valueOf(i % 7)));
        item.put("b", AttributeValue.fromN(String.valueOf(i % 4)));
        item.put("mixed", i % 3 == 0 ? AttributeValue.fromS("5") : i % 3 == 1 ? AttributeValue.fromN(String.valueOf(i % 6))
                : AttributeValue.fromBool(true));
        if (i % 2 == 1) {
            item.put("nul", AttributeValue.fromNul(true));
        }
        item.put("ts", AttributeValue.fromS((2020 + i % 6) + "-0" + (1 + i % 9) + "-15"));
        item.put("timestamp", AttributeValue.fromS(String.format("2024-01-%02dT00:00:%02dZ", 1 + i % 28, i % 60)));
        item.put("val", AttributeValue.fromS(i % 2 == 0 ? "x" : "y"));
        return item;
    }
}

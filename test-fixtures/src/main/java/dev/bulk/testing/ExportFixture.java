package dev.bulk.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes a DynamoDB export to S3 as DynamoDB lays it out, on disk: {@code <root>/<prefix>/AWSDynamoDB/<id>/}
 * with manifest-summary.json, manifest-files.json (one JSON line per data file), each with a .md5
 * file holding its base64 MD5, and gzipped data files of DynamoDB JSON lines under data/. Its own
 * DynamoDB JSON writer, independent of the tool's.
 */
public final class ExportFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An incremental record: no newImage is a delete; oldImage only for NEW_AND_OLD_IMAGES. */
    public record Change(Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage) {
    }

    private ExportFixture() {
    }

    /** A full export of {@code items} spread over {@code files} data files (plus one empty file). */
    public static Path full(Path root, String prefix, String exportId, List<Map<String, AttributeValue>> items, int files) {
        List<String> lines = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            ObjectNode line = NODES.objectNode();
            line.set("Item", item(item));
            lines.add(text(line));
        }
        return write(root, prefix, exportId, "FULL_EXPORT", null, split(lines, files));
    }

    /** An incremental export of {@code changes} with output view {@code view}. */
    public static Path incremental(Path root, String prefix, String exportId, String view, List<Change> changes, int files) {
        List<String> lines = new ArrayList<>();
        long micros = 1_700_000_000_000_000L;
        for (Change change : changes) {
            ObjectNode line = NODES.objectNode();
            ObjectNode metadata = line.putObject("Metadata");
            metadata.putObject("WriteTimestampMicros").put("N", String.valueOf(micros++));
            line.set("Keys", item(change.keys()));
            if (change.newImage() != null) {
                line.set("NewImage", item(change.newImage()));
            }
            if (change.oldImage() != null && view.equals("NEW_AND_OLD_IMAGES")) {
                line.set("OldImage", item(change.oldImage()));
            }
            lines.add(text(line));
        }
        return write(root, prefix, exportId, "INCREMENTAL_EXPORT", view, split(lines, files));
    }

    /** An export of raw data-file lines (for instance what {@code export --format ddb-json} wrote). */
    public static Path ofLines(Path root, String exportId, List<List<String>> fileLines) {
        return write(root, "", exportId, "FULL_EXPORT", null, fileLines);
    }

    private static List<List<String>> split(List<String> lines, int files) {
        List<List<String>> parts = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < lines.size(); i++) {
            parts.get(i % files).add(lines.get(i));
        }
        parts.add(new ArrayList<>()); // DynamoDB writes an empty file for an empty partition
        return parts;
    }

    private static Path write(Path root, String prefix, String exportId, String type, String view, List<List<String>> files) {
        try {
            String keyPrefix = (prefix.isEmpty() ? "" : prefix + "/") + "AWSDynamoDB/" + exportId + "/";
            Path folder = root.resolve(keyPrefix);
            Files.createDirectories(folder.resolve("data"));
            StringBuilder manifestFiles = new StringBuilder();
            long total = 0;
            for (int i = 0; i < files.size(); i++) {
                String name = String.format("data/%05d-%s.json.gz", i, Integer.toHexString(31 * i + exportId.hashCode()));
                byte[] bytes = gzip(String.join("\n", files.get(i)) + (files.get(i).isEmpty() ? "" : "\n"));
                Files.write(folder.resolve(name), bytes);
                ObjectNode entry = NODES.objectNode();
                entry.put("itemCount", files.get(i).size());
                entry.put("md5Checksum", md5(bytes));
                entry.put("etag", "0123abcd-1");
                entry.put("dataFileS3Key", keyPrefix + name);
                manifestFiles.append(text(entry)).append("\n");
                total += files.get(i).size();
            }
            writeWithMd5(folder, "manifest-files", manifestFiles.toString());
            ObjectNode summary = NODES.objectNode();
            summary.put("version", "2020-06-30");
            summary.put("exportArn", "arn:aws:dynamodb:us-east-1:123456789012:table/src/export/" + exportId);
            summary.put("tableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/src");
            summary.put("s3Bucket", "bucket");
            summary.put("s3Prefix", prefix.isEmpty() ? null : prefix);
            summary.put("manifestFilesS3Key", keyPrefix + "manifest-files.json");
            summary.put("billedSizeBytes", 0);
            summary.put("itemCount", total);
            summary.put("outputFormat", "DYNAMODB_JSON");
            summary.put("exportType", type);
            if (view != null) {
                summary.put("outputView", view);
            }
            writeWithMd5(folder, "manifest-summary", text(summary));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites a manifest (name without .json) and its .md5, so only what the test changes differs. */
    public static void rewriteManifest(Path folder, String name, String text) throws IOException {
        writeWithMd5(folder, name, text);
    }

    private static void writeWithMd5(Path folder, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve(name + ".json"), bytes);
        Files.writeString(folder.resolve(name + ".md5"), md5(bytes));
    }

    public static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    public static String md5(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An item in DynamoDB JSON, as DynamoDB's export writes it. */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        item.forEach((name, value) -> object.set(name, value(value)));
        return object;
    }

    public static ObjectNode value(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().stream().sorted().forEach(node.putArray("SS")::add);
            case NS -> value.ns().stream().sorted().forEach(node.putArray("NS")::add);
            case BS -> value.bs().stream().map(ExportFixture::base64).sorted().forEach(node.putArray("BS")::add);
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case M -> node.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("unknown type " + value.type());
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}

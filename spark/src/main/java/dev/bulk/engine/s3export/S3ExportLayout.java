package dev.bulk.engine.s3export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.BulkException;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.engine.StagedFiles;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * A DynamoDB export to S3 as it lies in a folder {@code …/AWSDynamoDB/<export-id>/} (on S3 or on
 * disk): manifest-summary.json and manifest-files.json, each checked against its MD5 file, and the
 * data files it lists. Data file keys are resolved relative to the export folder given (the part
 * after {@code AWSDynamoDB/<export-id>/}), so an export copied to another prefix or depth loads.
 * Every problem is a usage error naming --s3-path.
 */
public record S3ExportLayout(String folder, String exportId, String exportType, String outputView, long itemCount,
        List<DataFile> files) {
    public static final String FULL = "FULL_EXPORT";
    public static final String INCREMENTAL = "INCREMENTAL_EXPORT";
    private static final Pattern EXPORT_FOLDER = Pattern.compile("(?:^|.*/)AWSDynamoDB/([^/]+)$");

    /** One data file: where it is, what the manifest says it holds. */
    public record DataFile(String uri, String key, long itemCount, String md5) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public S3ExportLayout {
        files = List.copyOf(files);
    }

    public boolean incremental() {
        return INCREMENTAL.equals(exportType);
    }

    /** Reads and checks the manifests under {@code path}; {@code flagValue} is what the user typed. */
    public static S3ExportLayout read(String flagValue, Map<String, String> fsSettings) {
        String trimmed = flagValue.endsWith("/") ? flagValue.substring(0, flagValue.length() - 1) : flagValue;
        Matcher matcher = EXPORT_FOLDER.matcher(trimmed);
        if (!matcher.matches()) {
            throw bad(flagValue, "must be the export's folder, ending in AWSDynamoDB/<export-id> (as DynamoDB's export to "
                    + "S3 writes it)");
        }
        String exportId = matcher.group(1);
        String folder = folderUri(trimmed);
        try {
            FileSystem fs = new Path(URI.create(folder)).getFileSystem(StagedFiles.configuration(fsSettings));
            if (!fs.exists(new Path(URI.create(folder)))) {
                throw bad(flagValue, "not found");
            }
            JsonNode summary = json(flagValue, checkedText(flagValue, fs, folder, "manifest-summary.json"),
                    "manifest-summary.json");
            String format = summary.path("outputFormat").asText("");
            if (!format.equals("DYNAMODB_JSON")) {
                throw bad(flagValue, "the export's outputFormat is '" + format + "'; only DYNAMODB_JSON exports can be loaded "
                        + "(ION is not supported)");
            }
            String type = summary.path("exportType").asText(FULL);
            if (!type.equals(FULL) && !type.equals(INCREMENTAL)) {
                throw bad(flagValue, "unknown exportType '" + type + "' in manifest-summary.json");
            }
            String view = summary.path("outputView").asText(null);
            if (type.equals(INCREMENTAL) && !"NEW_AND_OLD_IMAGES".equals(view) && !"NEW_IMAGE".equals(view)) {
                throw bad(flagValue, "an incremental export's outputView must be NEW_AND_OLD_IMAGES or NEW_IMAGE, got '" + view
                        + "'");
            }
            if (!summary.path("itemCount").canConvertToLong()) {
                throw bad(flagValue, "manifest-summary.json has no itemCount");
            }
            long itemCount = summary.path("itemCount").asLong();
            String filesManifest = relative(exportId, summary.path("manifestFilesS3Key").asText("manifest-files.json"));
            List<DataFile> files = new ArrayList<>();
            long sum = 0;
            int lineNumber = 0;
            for (String line : checkedText(flagValue, fs, folder, filesManifest).split("\n")) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry = json(flagValue, line, filesManifest + " line " + lineNumber);
                String key = entry.path("dataFileS3Key").asText(null);
                if (key == null || !entry.path("itemCount").canConvertToLong() || entry.path("md5Checksum").asText(null) == null) {
                    throw bad(flagValue, filesManifest + " line " + lineNumber + " lacks dataFileS3Key, itemCount or md5Checksum");
                }
                String relativeKey = relative(exportId, key);
                DataFile file = new DataFile(folder + "/" + relativeKey, relativeKey, entry.path("itemCount").asLong(),
                        entry.path("md5Checksum").asText());
                if (!fs.exists(new Path(URI.create(file.uri())))) {
                    throw bad(flagValue, "data file " + key + " (listed in " + filesManifest + ") is not at " + file.uri());
                }
                files.add(file);
                sum += file.itemCount();
            }
            if (sum != itemCount) {
                throw bad(flagValue, String.format("the data files of %s hold %,d items in all, but manifest-summary.json "
                        + "says %,d", filesManifest, sum, itemCount));
            }
            return new S3ExportLayout(folder, exportId, type, view, itemCount, files);
        } catch (IOException e) {
            if (dev.bulk.output.RunContext.isRemote(flagValue)) {
                throw dev.bulk.output.S3Access.failure("--s3-path", flagValue, e);
            }
            throw bad(flagValue, "cannot read it: " + e.getMessage());
        }
    }

    /** The first {@code max} non-blank lines of the first data file that has items. */
    public List<String> sampleLines(int max, Map<String, String> fsSettings) throws IOException {
        List<String> lines = new ArrayList<>();
        for (DataFile file : files) {
            if (file.itemCount() == 0) {
                continue;
            }
            Path path = new Path(URI.create(file.uri()));
            FileSystem fs = path.getFileSystem(StagedFiles.configuration(fsSettings));
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(decoded(fs, path), StandardCharsets.UTF_8))) {
                String line;
                while (lines.size() < max && (line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            }
            return lines;
        }
        return lines;
    }

    static InputStream decoded(FileSystem fs, Path path) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
        InputStream raw = fs.open(path);
        return codec == null ? raw : codec.createInputStream(raw);
    }

    /** The part of a key after {@code AWSDynamoDB/<export-id>/}, or the key itself when it is already relative. */
    static String relative(String exportId, String key) {
        String marker = "AWSDynamoDB/" + exportId + "/";
        int at = key.indexOf(marker);
        return at >= 0 ? key.substring(at + marker.length()) : key;
    }

    private static String folderUri(String path) {
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return path;
        }
        return java.nio.file.Paths.get(path).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
    }

    /** A manifest's text, after checking it against the base64 (or hex) MD5 in its .md5 (or .checksum) file. */
    private static String checkedText(String flagValue, FileSystem fs, String folder, String name) throws IOException {
        byte[] bytes;
        try {
            bytes = readAll(fs, folder + "/" + name);
        } catch (FileNotFoundException e) {
            throw bad(flagValue, "no " + name + " in it (not a DynamoDB export folder?)");
        }
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        String expected = null;
        String checksumName = null;
        for (String suffix : List.of(".md5", ".checksum")) {
            try {
                expected = new String(readAll(fs, folder + "/" + base + suffix), StandardCharsets.UTF_8).trim();
                checksumName = base + suffix;
                break;
            } catch (FileNotFoundException e) {
                // try the next name
            }
        }
        if (expected == null) {
            throw bad(flagValue, "no " + base + ".md5 beside " + name + " to check it against");
        }
        byte[] digest = md5().digest(bytes);
        if (!matches(expected, digest)) {
            throw bad(flagValue, name + " does not match its MD5 in " + checksumName + " (expected " + expected + ", computed "
                    + Base64.getEncoder().encodeToString(digest) + "): the export is damaged or incomplete");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean matches(String expected, byte[] digest) {
        return expected.equals(Base64.getEncoder().encodeToString(digest)) || expected.equalsIgnoreCase(HexFormat.of().formatHex(digest));
    }

    private static byte[] readAll(FileSystem fs, String uri) throws IOException {
        try (InputStream in = fs.open(new Path(URI.create(uri)))) {
            return in.readAllBytes();
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String flagValue, String text, String what) {
        try {
            return AttributeValues.parseJson(text);
        } catch (IllegalArgumentException e) {
            throw bad(flagValue, what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static BulkException bad(String flagValue, String problem) {
        return BulkException.usage("--s3-path " + flagValue + ": " + problem);
    }
}

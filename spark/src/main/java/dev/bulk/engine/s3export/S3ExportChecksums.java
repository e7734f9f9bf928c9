package dev.bulk.engine.s3export;

import dev.bulk.engine.StagedFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Checks the data files of a DynamoDB export to S3 before anything is written: each file's MD5 (of its bytes as
 * stored) against manifest-files.json, and the number of records it holds against its itemCount.
 * One Spark task per file, each streaming its file once, so a damaged export is refused whole
 * instead of half loaded.
 */
public final class S3ExportChecksums {
    private S3ExportChecksums() {
    }

    /** The problems found, one line per damaged file (empty when all match). */
    public static List<String> problems(SparkSession spark, List<S3ExportLayout.DataFile> files, Map<String, String> fsSettings) {
        if (files.isEmpty()) {
            return List.of();
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> problems = new ArrayList<>();
        for (String problem : context.parallelize(files, files.size()).map(file -> check(file, fsSettings)).collect()) {
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    static String check(S3ExportLayout.DataFile file, Map<String, String> fsSettings) throws IOException {
        Path path = new Path(URI.create(file.uri()));
        FileSystem fs = path.getFileSystem(StagedFiles.configuration(fsSettings));
        MessageDigest digest = S3ExportLayout.md5();
        long records = 0;
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
        try (DigestInputStream raw = new DigestInputStream(fs.open(path), digest)) {
            InputStream in = codec == null ? raw : codec.createInputStream(raw);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    records++;
                }
            }
            // The codec may stop before the end of the stored bytes (padding); the MD5 covers all of them.
            raw.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            return file.key() + ": cannot be read as " + (codec == null ? "text" : "gzip") + " (" + e.getMessage() + ")";
        }
        byte[] computed = digest.digest();
        if (!S3ExportLayout.matches(file.md5(), computed)) {
            return file.key() + ": MD5 " + Base64.getEncoder().encodeToString(computed) + " differs from " + file.md5()
                    + " in manifest-files.json";
        }
        if (records != file.itemCount()) {
            return String.format("%s: holds %,d records, manifest-files.json says %,d", file.key(), records, file.itemCount());
        }
        return null;
    }
}

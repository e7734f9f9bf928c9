package dev.bulk.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The staged matches of a --where (one item per line, DynamoDB JSON) and other line files (the
 * gzipped data files of a DynamoDB export), read through Hadoop's file
 * systems so a run folder on S3 works from any executor. The driver's {@code fs.*} settings
 * (S3 endpoint, credentials provider) travel with the job.
 */
public final class StagedFiles {
    /** Receives one line; may be interrupted. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(String line) throws InterruptedException;
    }

    private StagedFiles() {
    }

    /** The driver's file-system settings, to ship to executors. */
    public static Map<String, String> fsSettings(SparkSession spark) {
        Map<String, String> settings = new HashMap<>();
        for (Map.Entry<String, String> entry : spark.sparkContext().hadoopConfiguration()) {
            if (entry.getKey().startsWith("fs.")) {
                settings.put(entry.getKey(), entry.getValue());
            }
        }
        return settings;
    }

    /** The non-empty part files Spark wrote under {@code dir}, sorted by name. */
    public static List<String> parts(String dir, Map<String, String> settings) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem(configuration(settings));
        List<String> parts = new ArrayList<>();
        for (FileStatus status : fs.listStatus(path)) {
            String name = status.getPath().getName();
            if (status.isFile() && name.startsWith("part-") && status.getLen() > 0) {
                parts.add(status.getPath().toString());
            }
        }
        parts.sort(null);
        return parts;
    }

    public static void delete(String dir, Map<String, String> settings) throws IOException {
        Path path = new Path(dir);
        path.getFileSystem(configuration(settings)).delete(path, true);
    }

    public static void forEachLine(String file, Map<String, String> settings, LineConsumer consumer)
            throws IOException, InterruptedException {
        Path path = new Path(URI.create(file));
        FileSystem fs = path.getFileSystem(configuration(settings));
        // A compressed file (DynamoDB's export writes .json.gz) is read through the codec its name calls for.
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
        InputStream raw = fs.open(path);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                consumer.accept(line);
            }
        }
    }

    public static Configuration configuration(Map<String, String> settings) {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        return conf;
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.ConfiguredEndpoints;
import dev.bulk.engine.JobFailures;
import dev.bulk.output.RunContext;
import dev.bulk.output.S3Access;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/** Checks, before any table is read, that the result location can be written and holds no earlier result. */
public final class OutputCheck {
    private OutputCheck() {
    }

    /** Before anything else: a local --output that names a file can hold neither results nor summary.json. */
    public static void notAFile(String output) {
        if (output == null || RunContext.isRemote(output)) {
            return;
        }
        Path dir = Paths.get(output.startsWith("file:") ? URI.create(output).getPath() : output);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw BulkException.usage("--output: cannot write to " + dir + ": it is a file, not a folder");
        }
    }

    public static void writable(SparkSession spark, RunContext run, String s3Endpoint, TargetOptions target) {
        String uri = run.resultUri();
        if (run.remoteResult()) {
            String endpoint = ConfiguredEndpoints.s3OrConfigured(s3Endpoint, target.profile());
            S3Access.configure(spark, endpoint, target.profile());
            run.err().println(S3Access.attemptLine("--output", uri, endpoint));
            try {
                FileSystem fs = FileSystem.get(URI.create(uri), spark.sparkContext().hadoopConfiguration());
                if (fs.exists(new org.apache.hadoop.fs.Path(uri))) {
                    throw BulkException.usage("--output: " + uri + " already exists; choose a new folder");
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof BulkException bulk) {
                    throw bulk;
                }
                throw S3Access.failure("--output", uri, e);
            }
            return;
        }
        if (s3Endpoint != null) {
            throw BulkException.usage("--s3-endpoint: only applies to an s3:// or s3a:// --output, got " + run.outputDir());
        }
        if (Files.exists(run.outputDir()) && !Files.isDirectory(run.outputDir())) {
            throw BulkException.usage("--output: cannot write to " + run.outputDir() + ": it is a file, not a folder");
        }
        Path result = Paths.get(URI.create(uri));
        if (Files.exists(result)) {
            throw BulkException.usage("--output: " + result + " already exists; choose a new folder");
        }
        try {
            Files.createDirectories(run.outputDir());
            Path probe = Files.createTempFile(run.outputDir(), ".write-check", "");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw BulkException.usage("--output: cannot write to " + run.outputDir() + ": " + JobFailures.rootMessage(e));
        }
    }
}

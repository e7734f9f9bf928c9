package dev.bulk.output;

import dev.bulk.BulkException;
import dev.bulk.Redaction;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Hadoop's S3A file system for s3:// and s3a:// outputs: credentials from the same AWS chain as
 * DynamoDB (and the same --profile), and an optional endpoint for S3-compatible stores.
 */
public final class S3Access {
    static final String PROFILE_KEY = "fs.s3a.bulk.profile";
    static final String ENDPOINT_KEY = "fs.s3a.bulk.endpoint";
    private static final String S3A = "org.apache.hadoop.fs.s3a.S3AFileSystem";
    private static final int SDK_ATTEMPTS = 2;
    private static final int RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int SOCKET_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_REASON = 200;

    private S3Access() {
    }

    /** The line printed before the first S3 call: where, and how long it may take before giving up. */
    public static String attemptLine(String flag, String uri, String endpoint) {
        return "S3: checking " + flag + " " + Redaction.redact(uri) + " at " + (endpoint == null ? "AWS S3"
                : Redaction.redact(endpoint)) + " (up to " + SDK_ATTEMPTS + " attempts per request, " + RETRIES
                + " retries, " + CONNECT_TIMEOUT_MILLIS / 1000 + " s to connect)";
    }

    /**
     * One line for a failed S3 access, naming the flag and the bucket: S3A's own message lists every
     * credential provider it tried and runs to more than a thousand characters.
     */
    public static BulkException failure(String flag, String uri, Throwable error) {
        String bucket = bucket(uri);
        String all = chain(error);
        if (all.contains("Unable to load credentials") || all.contains("No AWS Credentials")
                || all.contains("NoAuthWithAWSException")) {
            return BulkException.usage(flag + " " + Redaction.redact(uri) + ": no AWS credentials for bucket '" + bucket
                    + "': use --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        return BulkException.usage(flag + " " + Redaction.redact(uri) + ": cannot reach bucket '" + bucket + "' (gave up after "
                + RETRIES + " retries): " + shortReason(error));
    }

    private static String bucket(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null ? uri : host;
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    private static String chain(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable current = error; current != null && all.length() < 20_000; current = current.getCause()) {
            all.append(current.getClass().getName()).append(": ").append(current.getMessage()).append('\n');
            if (current.getCause() == current) {
                break;
            }
        }
        return all.toString();
    }

    /** The innermost cause's first line, cut to a readable length. */
    private static String shortReason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        int newline = message.indexOf('\n');
        String line = Redaction.redact(newline < 0 ? message : message.substring(0, newline));
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
    }

    /**
     * S3A's defaults (20 SDK attempts inside each of 7 S3A retries, long socket timeouts) keep a
     * command silent for many minutes when S3 cannot be reached: bound them to seconds. Keys as
     * Hadoop 3.3.4 reads them.
     */
    private static void bound(Configuration conf) {
        conf.setInt("fs.s3a.attempts.maximum", SDK_ATTEMPTS);
        conf.setInt("fs.s3a.retry.limit", RETRIES);
        conf.set("fs.s3a.retry.interval", "500ms");
        conf.setInt("fs.s3a.retry.throttle.limit", 5);
        conf.set("fs.s3a.retry.throttle.interval", "500ms");
        conf.setInt("fs.s3a.connection.establish.timeout", CONNECT_TIMEOUT_MILLIS);
        conf.setInt("fs.s3a.connection.timeout", SOCKET_TIMEOUT_MILLIS);
    }

    public static void configure(SparkSession spark, String endpoint, String profile) {
        // Hadoop's S3A uses the AWS SDK v1, which otherwise prints an end-of-support notice with a stack trace.
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String platformS3 = conf.get("fs.s3.impl");
        if (platformS3 != null && !platformS3.equals(S3A) && endpoint == null && profile == null) {
            // EMR (EMRFS) and Glue bring their own s3:// file system and credentials: use theirs.
            return;
        }
        conf.set("fs.s3.impl", S3A);
        conf.set("fs.s3a.impl", S3A);
        conf.set("fs.s3a.aws.credentials.provider", S3Credentials.class.getName());
        if (profile != null) {
            conf.set(PROFILE_KEY, profile);
        } else {
            conf.unset(PROFILE_KEY);
        }
        if (endpoint != null) {
            conf.set("fs.s3a.endpoint", endpoint);
            conf.setBoolean("fs.s3a.path.style.access", true);
            conf.setBoolean("fs.s3a.connection.ssl.enabled", endpoint.startsWith("https:"));
            conf.set("fs.s3a.endpoint.region", "us-east-1");
            conf.set(ENDPOINT_KEY, endpoint);
        } else {
            conf.unset(ENDPOINT_KEY);
        }
        bound(conf);
        // Each run is a new configuration: do not reuse a cached file system built with the last one.
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        conf.setBoolean("fs.s3.impl.disable.cache", true);
    }
}

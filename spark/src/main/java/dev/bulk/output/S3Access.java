package dev.bulk.output;

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

    private S3Access() {
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
        // Each run is a new configuration: do not reuse a cached file system built with the last one.
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        conf.setBoolean("fs.s3.impl.disable.cache", true);
    }
}

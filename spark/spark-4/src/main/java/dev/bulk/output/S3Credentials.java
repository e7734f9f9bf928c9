package dev.bulk.output;

import java.io.Closeable;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials for Hadoop's S3A resolved by the SDK v2 chain the tool uses for DynamoDB, with the same
 * --profile. With an --s3-endpoint and no credentials anywhere, fixed dummy ones (an S3-compatible store
 * without authentication accepts them), as for DynamoDB. S3A builds it by reflection through the public
 * (URI, Configuration) constructor.
 *
 * <p>The Spark 4 line's copy: Hadoop 3.4 and later speak the AWS SDK v2 and take a v2 provider as it is;
 * the Spark 3.5 line's (Hadoop 3.3, SDK v1) converts the credentials to v1 ones.
 */
public final class S3Credentials implements AwsCredentialsProvider, Closeable {
    private final AwsCredentialsProvider delegate;
    private final boolean customEndpoint;

    public S3Credentials(URI bucket, Configuration conf) {
        String profile = conf.getTrimmed(S3Access.PROFILE_KEY, "");
        this.delegate = profile.isEmpty() ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
        this.customEndpoint = !conf.getTrimmed(S3Access.ENDPOINT_KEY, "").isEmpty();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return delegate.resolveCredentials();
        } catch (SdkClientException e) {
            if (customEndpoint) {
                return AwsBasicCredentials.create("bulk-local", "bulk-local");
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (delegate instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}

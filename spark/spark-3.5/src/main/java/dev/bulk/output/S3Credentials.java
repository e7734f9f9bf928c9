package dev.bulk.output;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.BasicSessionCredentials;
import java.io.Closeable;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials for Hadoop's S3A (which speaks AWS SDK v1) resolved by the SDK v2 chain the tool
 * uses for DynamoDB, with the same --profile. With an --s3-endpoint and no credentials anywhere,
 * fixed dummy ones (an S3-compatible store without authentication accepts them), as for DynamoDB.
 * S3A builds it by reflection through the public (URI, Configuration) constructor.
 */
public final class S3Credentials implements AWSCredentialsProvider, Closeable {
    private final AwsCredentialsProvider delegate;
    private final boolean customEndpoint;

    public S3Credentials(URI bucket, Configuration conf) {
        String profile = conf.getTrimmed(S3Access.PROFILE_KEY, "");
        this.delegate = profile.isEmpty() ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
        this.customEndpoint = !conf.getTrimmed(S3Access.ENDPOINT_KEY, "").isEmpty();
    }

    @Override
    public AWSCredentials getCredentials() {
        AwsCredentials credentials;
        try {
            credentials = delegate.resolveCredentials();
        } catch (SdkClientException e) {
            if (customEndpoint) {
                return new BasicAWSCredentials("bulk-local", "bulk-local");
            }
            throw e;
        }
        if (credentials instanceof AwsSessionCredentials session) {
            return new BasicSessionCredentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
        }
        return new BasicAWSCredentials(credentials.accessKeyId(), credentials.secretAccessKey());
    }

    @Override
    public void refresh() {
        // the v2 providers refresh expiring credentials themselves
    }

    @Override
    public void close() {
        if (delegate instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}

package dev.bulk.dynamo;

import dev.bulk.BulkException;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;

/**
 * On-demand backups (CreateBackup) taken before a run changes a table. DynamoDB makes an on-demand
 * backup consistent as of the moment it accepts the request, whatever its status says afterwards,
 * so the caller need not wait for AVAILABLE before writing: what it writes next is not in it.
 */
public final class Backups {
    /** A backup DynamoDB accepted: its ARN, name and status (CREATING or AVAILABLE) when it answered. */
    public record Made(String arn, String name, String status) {
    }

    /**
     * The outcome of asking: a backup, or the endpoint's reason for having none (DynamoDB Local and
     * other compatible stores lack the API).
     */
    public record Outcome(Made backup, String unsupported) {
    }

    private Backups() {
    }

    /**
     * A backup's name from the run id (which names the verb), within DynamoDB's rules (3 to 255
     * characters of {@code [a-zA-Z0-9_.-]}): anything else becomes '-'.
     */
    public static String name(String runId) {
        String name = ("bulk-" + runId).replaceAll("[^A-Za-z0-9_.-]", "-");
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    /**
     * Asks for an on-demand backup of {@code table}. An endpoint without the API is an outcome,
     * not an error; any other refusal (no permission, a table being created) stops the run before
     * it writes, since the user asked for a backup first.
     */
    public static Outcome create(DynamoSession session, TableRef table, String backupName) {
        try {
            CreateBackupResponse response = session.client().createBackup(r -> r.tableName(table.apiName())
                    .backupName(backupName));
            BackupDetails details = response.backupDetails();
            return new Outcome(new Made(details.backupArn(), details.backupName(), details.backupStatusAsString()), null);
        } catch (AwsServiceException e) {
            if (unknownOperation(e)) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
                return new Outcome(null, session.settings().describe() + " has no CreateBackup ("
                        + (code == null ? BatchWriter.oneLine(e) : code + ": " + message) + ")");
            }
            throw BulkException.failed("CreateBackup of '" + table.name() + "' failed: " + BatchWriter.oneLine(e)
                    + " (grant dynamodb:CreateBackup, or run without a backup); nothing was changed", e);
        } catch (SdkClientException e) {
            throw BulkException.failed("CreateBackup of '" + table.name() + "' failed: " + BatchWriter.oneLine(e)
                    + "; nothing was changed", e);
        }
    }

    /** DynamoDB Local answers HTTP 400 UnknownOperationException; other stores say "not supported". */
    static boolean unknownOperation(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return code.equals("UnknownOperationException") || message.contains("unknown operation")
                || message.contains("not supported");
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/**
 * The Bulk Executor's and the AWS CLI's flags that mean nothing here, so their users' command lines
 * and scripts run unchanged. Each is accepted and says in --help why it has no effect; the ones
 * that do mean something here live with the flag they map to (--XDebug and --debug are --verbose,
 * --XRegion is --region, --endpoint-url is --endpoint).
 */
public final class CompatOptions {
    @Option(names = "--XWaitForDPU",
            description = "Accepted for compatibility; no effect here because no Glue DPUs are billed: the run's time is in "
                    + "its summary.json.")
    boolean waitForDpu;

    @Option(names = "--XContinuousLogging",
            description = "Accepted for compatibility; no effect here because the output comes straight from this process, "
                    + "not from CloudWatch logs.")
    boolean continuousLogging;

    @Option(names = "--XAccount", paramLabel = "ACCOUNT",
            description = "Accepted for compatibility; no effect here because the account is the credentials' own "
                    + "(--profile, the AWS environment variables).")
    String account;

    @Option(names = "--XDev",
            description = "Accepted for compatibility; no effect here because there are no server-side scripts to upload: "
                    + "user scripts are compiled at run time from --scripts-dir.")
    boolean dev;

    @Option(names = "--XIdleTimeout", paramLabel = "MINUTES",
            description = "Accepted for compatibility; no effect here because no Glue session waits idle: --XTimeout bounds "
                    + "a run.")
    Integer idleTimeout;

    @Option(names = "--XExecutionClass", paramLabel = "CLASS",
            description = "Glue execution class (STANDARD|FLEX). Accepted for compatibility; no effect here because no Glue "
                    + "job runs.")
    String executionClass;

    @Option(names = "--XRetries", paramLabel = "N",
            description = "Glue job retries. Accepted for compatibility; no effect here because Spark retries a failed task "
                    + "itself (4 attempts).")
    Integer retries;

    @Option(names = "--no-cli-pager",
            description = "Accepted for compatibility with the AWS CLI; no effect here because bulk never pages its output.")
    boolean noCliPager;

    /** The values the reference checks are checked the same way, so a script's typo is not silently accepted. */
    public void validate() {
        if (executionClass != null && !executionClass.equals("STANDARD") && !executionClass.equals("FLEX")) {
            throw BulkException.usage("--XExecutionClass: must be STANDARD or FLEX, got '" + executionClass + "'");
        }
        if (idleTimeout != null && idleTimeout < 1) {
            throw BulkException.usage("--XIdleTimeout: must be at least 1 minute, got " + idleTimeout);
        }
        if (retries != null && retries < 0) {
            throw BulkException.usage("--XRetries: must be 0 or more, got " + retries);
        }
    }
}

package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.Redaction;
import dev.bulk.dynamo.AwsProfiles;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ConfiguredEndpoints;
import dev.bulk.dynamo.TableRef;
import dev.bulk.engine.EngineSettings;
import dev.bulk.local.DynamoDbLocalServer;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Where the table lives: real AWS (default chain), a region/profile, an endpoint, or the project's DynamoDB Local. */
public final class TargetOptions {
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d+");
    private static final Pattern LOCAL_REGION = Pattern.compile("local[a-z0-9-]*");

    @Option(names = {"--region", "--XRegion"}, paramLabel = "REGION",
            description = "AWS region of the table (default: the SDK's region chain; a table ARN's region wins).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Named AWS profile for credentials and region.")
    String profile;

    @Option(names = {"--endpoint", "--endpoint-url"}, paramLabel = "URL",
            description = "DynamoDB endpoint URL (a DynamoDB-compatible store, or a DynamoDB Local you run yourself). Default: "
                    + "AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL or the profile's endpoint_url, as in the AWS CLI.")
    String endpoint;

    @Option(names = "--local", description = "Use the project's DynamoDB Local on 127.0.0.1, starting it if none runs "
            + "(it keeps running for the next command; see 'bulk local').")
    boolean local;

    public String profile() {
        return profile;
    }

    public String region() {
        return region;
    }

    public boolean local() {
        return local;
    }

    /** --endpoint, else the endpoint configured for the AWS CLI (not with --local, which names its own). */
    public String endpoint() {
        return configuredEndpoint().map(ConfiguredEndpoints.Endpoint::url).orElse(null);
    }

    private Optional<ConfiguredEndpoints.Endpoint> configuredEndpoint() {
        if (endpoint != null) {
            return Optional.of(new ConfiguredEndpoints.Endpoint(endpoint, "--endpoint"));
        }
        return local ? Optional.empty() : ConfiguredEndpoints.dynamodb(System.getenv(), profile);
    }

    /** True when --endpoint names this machine's loopback address (127.x, ::1, localhost). */
    public boolean endpointIsLoopback() {
        String url = endpoint();
        if (url == null) {
            return false;
        }
        try {
            return EngineSettings.isLoopback(URI.create(url).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Client settings for a table; starts DynamoDB Local for --local. */
    public ClientSettings settings(TableRef table, PrintStream err) {
        if (local && endpoint != null) {
            throw BulkException.usage("--local and --endpoint " + Redaction.redact(endpoint) + " cannot be combined: pick one");
        }
        if (local) {
            return settingsForLocal(err);
        }
        validateRegion("--region", region);
        requireProfile("--profile", profile);
        String tableRegion = table != null && table.region() != null ? table.region() : region;
        Optional<ConfiguredEndpoints.Endpoint> chosen = configuredEndpoint();
        if (chosen.isPresent()) {
            validateEndpoint(chosen.get().source(), chosen.get().url());
            String endpointRegion = tableRegion != null ? tableRegion : endpoint == null ? configuredRegion() : null;
            return ClientSettings.endpoint(chosen.get().url(), endpointRegion == null ? "us-east-1" : endpointRegion, profile);
        }
        // The region is fixed here, on the driver, so every executor talks to the same table.
        return ClientSettings.aws(tableRegion != null ? tableRegion : defaultRegion(), profile);
    }

    /** The project's DynamoDB Local, started (data on disk) if none runs; it keeps running afterwards. */
    public ClientSettings settingsForLocal(PrintStream err) {
        DynamoDbLocalServer server = DynamoDbLocalServer.standard();
        DynamoDbLocalServer.Status status = server.ensureRunning(false, server.defaultDataDir(), DynamoDbLocalServer.DEFAULT_PORT);
        if (status.startedNow()) {
            err.println("Started DynamoDB Local at " + status.endpoint() + " (" + (status.inMemory() ? "in memory"
                    : "data in " + status.dataDir()) + "; 'bulk local stop' stops it)");
        }
        return ClientSettings.local(status.endpoint());
    }

    /**
     * The region an AWS CLI user configured next to a configured endpoint (AWS_REGION, the
     * profile's region), or null: such an endpoint may be a store that signs by region.
     */
    private String configuredRegion() {
        return AwsProfiles.region(profile).orElse(null);
    }

    /** The SDK's region chain (environment, system property, the profile's region, instance metadata). */
    private String defaultRegion() {
        return defaultRegion(profile, "--region");
    }

    /** The SDK's region chain for a profile; a usage error naming {@code flag} when it has none. */
    public static String defaultRegion(String profile, String flag) {
        return AwsProfiles.region(profile).orElseThrow(() -> BulkException.usage(flag + ": no AWS region is configured" + (profile == null ? "" : " for profile '"
                    + profile + "'") + "; pass " + flag + " (or set AWS_REGION), or give the table as an ARN"));
    }

    /**
     * A usage error unless the named profile is in the AWS config or credentials files. The SDK
     * itself would let the lookup fail late, and with --endpoint the dummy-credential fallback
     * would hide it entirely.
     */
    public static void requireProfile(String flag, String profile) {
        if (profile == null) {
            return;
        }
        boolean found;
        try {
            found = AwsProfiles.exists(profile);
        } catch (RuntimeException e) {
            throw BulkException.usage(flag + ": cannot read the AWS config files to find profile '" + profile + "': "
                    + e.getMessage());
        }
        if (!found) {
            throw BulkException.usage(flag + ": profile '" + profile + "' not found in the AWS config or credentials file "
                    + "(AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); check the name with 'aws configure list-profiles'");
        }
    }

    /**
     * A usage error unless the value looks like an AWS region name (us-east-1, eu-central-2, us-gov-west-1,
     * cn-north-1): a typo would otherwise become a hostname that fails to resolve. Endpoint-style stores
     * accept any region, so names like 'local' or 'localhost' pass too.
     */
    public static void validateRegion(String flag, String region) {
        if (region == null || REGION.matcher(region).matches() || LOCAL_REGION.matcher(region).matches()) {
            return;
        }
        throw BulkException.usage(flag + ": '" + region + "' is not an AWS region name (like us-east-1 or eu-west-2)");
    }

    /** Usage error unless {@code value} is an http(s) URL with a host. */
    public static void validateEndpoint(String flag, String value) {
        String endpoint = value;
        try {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw BulkException.usage(flag + ": '" + Redaction.redact(endpoint) + "' is not a valid URL (expected http(s)://host:port)");
        }
    }
}

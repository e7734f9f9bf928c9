package dev.bulk.dynamo;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The endpoints an AWS CLI user has configured outside the command line, in the AWS CLI's order:
 * AWS_ENDPOINT_URL_DYNAMODB (or _S3), AWS_ENDPOINT_URL, the service's endpoint_url in the
 * profile's {@code services} section, then the profile's own endpoint_url;
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the profile's ignore_configured_endpoint_urls)
 * turns them all off. bulk resolves them here, on the driver, rather than leaving it to the SDK:
 * the header then says where bulk really talks, and a cluster's executors, which do not share this
 * shell's environment, get the same endpoint.
 */
public final class ConfiguredEndpoints {
    /** Where a configured endpoint came from, so a bad value is named as the user set it. */
    public record Endpoint(String url, String source) {
    }

    private ConfiguredEndpoints() {
    }

    /** DynamoDB's configured endpoint for {@code profile} (null: AWS_PROFILE or "default"), if any. */
    public static Optional<Endpoint> dynamodb(Map<String, String> env, String profile) {
        return find(env, "AWS_ENDPOINT_URL_DYNAMODB", "dynamodb", profile);
    }

    /** S3's configured endpoint, if any. */
    public static Optional<Endpoint> s3(Map<String, String> env, String profile) {
        return find(env, "AWS_ENDPOINT_URL_S3", "s3", profile);
    }

    /** --s3-endpoint when given, else S3's configured endpoint from this process's environment, else null. */
    public static String s3OrConfigured(String explicit, String profile) {
        if (explicit != null) {
            return explicit;
        }
        return s3(System.getenv(), profile).map(Endpoint::url).orElse(null);
    }

    private static Optional<Endpoint> find(Map<String, String> env, String serviceVariable, String service, String profile) {
        if ("true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return Optional.empty();
        }
        for (String variable : new String[] {serviceVariable, "AWS_ENDPOINT_URL"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Endpoint(value.trim(), variable));
            }
        }
        String name = profile != null ? profile : env.getOrDefault("AWS_PROFILE", "default");
        try {
            ProfileFile files = ProfileFile.defaultProfileFile();
            Optional<Profile> found = files.profile(name);
            if (found.isEmpty() || found.get().booleanProperty("ignore_configured_endpoint_urls").orElse(false)) {
                return Optional.empty();
            }
            Optional<Endpoint> ofService = found.get().property("services")
                    .flatMap(services -> files.getSection("services", services)
                            .flatMap(section -> section.property(service + ".endpoint_url"))
                            .filter(value -> !value.isBlank())
                            .map(value -> new Endpoint(value.trim(), "endpoint_url for " + service + " in the services section '"
                                    + services + "' of profile '" + name + "'")));
            if (ofService.isPresent()) {
                return ofService;
            }
            return found.get().property("endpoint_url")
                    .filter(value -> !value.isBlank())
                    .map(value -> new Endpoint(value.trim(), "endpoint_url of profile '" + name + "'"));
        } catch (RuntimeException e) {
            // Unreadable config files are reported where the profile itself is required (--profile).
            return Optional.empty();
        }
    }
}

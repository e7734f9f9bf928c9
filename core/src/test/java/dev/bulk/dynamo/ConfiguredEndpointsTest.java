package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.ConfiguredEndpoints.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which configured endpoint wins, in the AWS CLI's order: the service's variable, the global one,
 * the service's entry in the profile's services section, the profile's own.
 */
class ConfiguredEndpointsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "[default]\nendpoint_url = http://default-profile:1\n"
                + "[profile other]\nendpoint_url = http://other-profile:2\n[profile plain]\nregion = us-east-1\n"
                + "[profile svc]\nservices = local-services\nendpoint_url = http://svc-profile:3\n"
                + "[services local-services]\ndynamodb =\n  endpoint_url = http://svc-ddb:4\n"
                + "[profile ignoring]\nendpoint_url = http://ignored:5\nignore_configured_endpoint_urls = true\n");
        System.setProperty("aws.configFile", config.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.configFile");
    }

    @Test
    void theServiceVariableWinsOverTheGlobalOneWhichWinsOverTheProfile() {
        Map<String, String> both = Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:1", "AWS_ENDPOINT_URL", "http://all:2",
                "AWS_ENDPOINT_URL_S3", "http://s3:3");
        assertThat(ConfiguredEndpoints.dynamodb(both, null)).contains(new Endpoint("http://ddb:1", "AWS_ENDPOINT_URL_DYNAMODB"));
        assertThat(ConfiguredEndpoints.s3(both, null)).contains(new Endpoint("http://s3:3", "AWS_ENDPOINT_URL_S3"));
        assertThat(ConfiguredEndpoints.s3(Map.of("AWS_ENDPOINT_URL", "http://all:2"), "other"))
                .contains(new Endpoint("http://all:2", "AWS_ENDPOINT_URL"));
    }

    @Test
    void theProfileIsTheGivenOneElseAwsProfileElseDefault() {
        assertThat(ConfiguredEndpoints.dynamodb(Map.of(), "other"))
                .contains(new Endpoint("http://other-profile:2", "endpoint_url of profile 'other'"));
        assertThat(ConfiguredEndpoints.dynamodb(Map.of("AWS_PROFILE", "other"), null).map(Endpoint::url))
                .contains("http://other-profile:2");
        assertThat(ConfiguredEndpoints.dynamodb(Map.of(), null).map(Endpoint::url)).contains("http://default-profile:1");
        assertThat(ConfiguredEndpoints.dynamodb(Map.of(), "plain")).isEmpty();
        assertThat(ConfiguredEndpoints.dynamodb(Map.of(), "missing")).isEmpty();
    }

    @Test
    void ignoreConfiguredEndpointUrlsTurnsThemAllOff() {
        Map<String, String> env = Map.of("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", "AWS_ENDPOINT_URL", "http://all:2");
        assertThat(ConfiguredEndpoints.dynamodb(env, "other")).isEqualTo(Optional.empty());
        assertThat(ConfiguredEndpoints.s3(env, null)).isEmpty();
    }

    @Test
    void aProfilesServicesSectionNamesTheServicesEndpointBeforeTheProfilesOwn() {
        assertThat(ConfiguredEndpoints.dynamodb(Map.of(), "svc")).contains(new Endpoint("http://svc-ddb:4",
                "endpoint_url for dynamodb in the services section 'local-services' of profile 'svc'"));
        // The section has no s3 entry: the profile's own endpoint_url applies.
        assertThat(ConfiguredEndpoints.s3(Map.of(), "svc").map(Endpoint::url)).contains("http://svc-profile:3");
        assertThat(ConfiguredEndpoints.dynamodb(Map.of("AWS_ENDPOINT_URL", "http://all:2"), "svc").map(Endpoint::url))
                .contains("http://all:2");
        assertThat(ConfiguredEndpoints.dynamodb(Map.of(), "ignoring")).isEmpty();
    }
}

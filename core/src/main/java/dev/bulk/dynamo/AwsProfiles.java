package dev.bulk.dynamo;

import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** What the AWS config and credentials files (and the SDK's region chain) say, for the CLI's checks. */
public final class AwsProfiles {
    private AwsProfiles() {
    }

    /**
     * Whether the named profile is in the AWS config or credentials files.
     *
     * @throws RuntimeException when the files cannot be read or parsed (the SDK's message says why)
     */
    public static boolean exists(String profile) {
        return ProfileFile.defaultProfileFile().profile(profile).isPresent();
    }

    /** The SDK's region chain for a profile (null: the default one): environment, system property, profile, instance metadata. */
    public static Optional<String> region(String profile) {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion().id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

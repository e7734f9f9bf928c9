package dev.bulk.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launchers' Java check (dist/src/bin/bulk-java.sh), for the release's bin/bulk and the repository's ./bulk.
 * "A Java" here is a hand-written test double: a {@code bin/java} script in a fake JAVA_HOME that prints the
 * {@code -version} line of the Java it pretends to be and, run any other way, says so and prints its arguments.
 * No real old Java is installed on the test machine.
 */
class LauncherJavaCheckIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String SUPPORTED = "bulk runs on Java 17 to 25 (it takes JAVA_HOME/bin/java, else the java on PATH)";

    private static UnpackedRelease release;
    private static Path workDir;

    @BeforeAll
    static void unpack() throws IOException {
        release = UnpackedRelease.get();
        workDir = Files.createTempDirectory("bulk-java-check-");
    }

    @AfterAll
    static void clean() {
        UnpackedRelease.deleteTree(workDir);
    }

    @ParameterizedTest(name = "{0} is Java {1}")
    @CsvSource(delimiter = '|', value = {
        "openjdk version \"11.0.22\" 2024-01-16 | 11",
        "java version \"1.8.0_402\"              | 8",
        "openjdk version \"16\" 2021-03-16       | 16",
        "openjdk version \"26-ea\" 2026-03-17    | 26"})
    void releaseRefusesAJavaOutsideTheRangeWithOneLineAndExit2(String versionLine, int major) throws IOException {
        Path fakeJavaHome = fakeJavaHome(versionLine);
        UnpackedRelease.Result result = release.bulk(workDir, Map.of("JAVA_HOME", fakeJavaHome.toString()), TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList())
                .containsExactly("bulk: " + fakeJavaHome.resolve("bin/java") + " is Java " + major + "; " + SUPPORTED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "openjdk version \"17.0.13\" 2024-10-15",
        "openjdk version \"21.0.5\" 2024-10-15 LTS",
        "openjdk version \"25\" 2025-09-16 LTS"})
    void releaseRunsTheBundledJarWithTheJavaOfJavaHome(String versionLine) throws IOException {
        Path fakeJavaHome = fakeJavaHome(versionLine);
        UnpackedRelease.Result result = release.bulk(workDir, Map.of("JAVA_HOME", fakeJavaHome.toString()), TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Path home = release.home();
        assertThat(result.out()).startsWith("fake java ran:")
                .contains(" -Dbulk.ddblocal.lib=" + home.resolve("lib/ddblocal") + " ")
                .endsWith(" -jar " + home.resolve("lib/bulk.jar") + " --version\n");
    }

    @Test
    void aLinkToBinBulkElsewhereStillFindsTheRelease() throws IOException {
        // as after `ln -s .../bin/bulk /usr/local/bin/bulk`: a relative link in another folder
        Path linkDir = Files.createTempDirectory(workDir, "path-dir-");
        Path link = Files.createSymbolicLink(linkDir.resolve("bulk"), linkDir.relativize(release.home().resolve("bin/bulk")));
        Path fakeJavaHome = fakeJavaHome("openjdk version \"21.0.5\" 2024-10-15 LTS");
        UnpackedRelease.Result result = UnpackedRelease.run(workDir, List.of(link.toString(), "--version"),
                Map.of("JAVA_HOME", fakeJavaHome.toString()), TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).endsWith(" -jar " + release.home().resolve("lib/bulk.jar") + " --version\n");
    }

    @Test
    void withoutJavaHomeTheJavaOnPathIsChecked() throws IOException {
        Path fakeJavaHome = fakeJavaHome("openjdk version \"11.0.22\" 2024-01-16");
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", null);
        env.put("PATH", fakeJavaHome.resolve("bin") + ":/usr/bin:/bin");
        UnpackedRelease.Result result = release.bulk(workDir, env, TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .containsExactly("bulk: " + fakeJavaHome.resolve("bin/java") + " is Java 11; " + SUPPORTED);
    }

    @Test
    void noJavaAtAllIsRefused() throws IOException {
        // a PATH with what bin/bulk itself runs (bash, dirname) and no java
        Path bin = Files.createTempDirectory(workDir, "path-without-java-");
        for (String tool : List.of("bash", "dirname")) {
            Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
        }
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", null);
        env.put("PATH", bin.toString());
        UnpackedRelease.Result result = release.bulk(workDir, env, TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .containsExactly("bulk: no java found (JAVA_HOME is not set and no java is on PATH); " + SUPPORTED);
    }

    @Test
    void aJavaHomeWithoutJavaIsRefused() throws IOException {
        Path empty = Files.createTempDirectory(workDir, "no-java-");
        UnpackedRelease.Result result = release.bulk(workDir, Map.of("JAVA_HOME", empty.toString()), TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .containsExactly("bulk: JAVA_HOME is " + empty + ", which has no bin/java; " + SUPPORTED);
    }

    @Test
    void aJavaWhoseVersionCannotBeReadIsRefused() throws IOException {
        Path fakeJavaHome = fakeJavaHome("this is not a java");
        UnpackedRelease.Result result = release.bulk(workDir, Map.of("JAVA_HOME", fakeJavaHome.toString()), TIMEOUT, "--version");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().lines().toList()).containsExactly("bulk: cannot tell which Java " + fakeJavaHome.resolve("bin/java")
                + " is (its -version names no version); " + SUPPORTED);
    }

    @Test
    void theRepositoryLauncherRefusesWithTheSameLineBeforeBuildingAnything() throws IOException {
        Path fakeJavaHome = fakeJavaHome("openjdk version \"11.0.22\" 2024-01-16");
        Map<String, String> env = Map.of("JAVA_HOME", fakeJavaHome.toString());
        UnpackedRelease.Result repo = UnpackedRelease.run(workDir, List.of(UnpackedRelease.repoLauncher().toString(), "--version"),
                env, TIMEOUT);
        UnpackedRelease.Result released = release.bulk(workDir, env, TIMEOUT, "--version");
        assertThat(repo.exitCode()).as(repo.describe()).isEqualTo(2);
        assertThat(repo.err()).doesNotContain("building");
        assertThat(repo.err()).isEqualTo(released.err());
    }

    private static Path onPath(String tool) {
        return Arrays.stream(System.getenv("PATH").split(":"))
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(tool + " is not on PATH"));
    }

    /**
     * The test double: JAVA_HOME/bin/java answering {@code -version} with {@code versionLine} on stderr (after a
     * "Picked up" line, as a real Java prints with JAVA_TOOL_OPTIONS set) and otherwise printing its arguments.
     */
    private static Path fakeJavaHome(String versionLine) throws IOException {
        Path home = Files.createTempDirectory(workDir, "fake-java-");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        String quoted = versionLine.strip().replace("'", "'\\''");
        Files.writeString(java, String.join("\n",
                "#!/bin/sh",
                "if [ \"$1\" = -version ]; then",
                "  echo 'Picked up JAVA_TOOL_OPTIONS: -Dfake=1' >&2",
                "  echo '" + quoted + "' >&2",
                "  exit 0",
                "fi",
                "echo \"fake java ran: $*\"",
                ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}

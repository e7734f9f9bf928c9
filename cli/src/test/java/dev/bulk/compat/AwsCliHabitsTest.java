package dev.bulk.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.CliProcess;
import dev.bulk.testing.LocalDynamo;
import dev.bulk.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An AWS CLI user's command lines and configuration, typed as they would be. */
class AwsCliHabitsTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void seed() {
        table = LocalDynamo.uniqueTable("awscli");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("k" + i)));
        }
        DYNAMO.putAll(table, items);
    }

    private static void assertUsage(Cli.Result result, String... parts) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err().strip().lines().count()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).startsWith("bulk: ").contains(parts);
    }

    @Test
    void endpointUrlIsTheAwsCliSpellingOfEndpoint() {
        Cli.shareSpark();
        Cli.Result result = Cli.run("scancount", "--table", table, "--endpoint-url", DYNAMO.endpoint());
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Total records counted: 7");
        assertThat(result.err()).contains("at " + DYNAMO.endpoint());
    }

    @Test
    void debugAndNoCliPagerAreAccepted() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--debug", "--no-cli-pager");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Total records counted: 7");
        assertThat(Cli.run("scancount", "--help").out()).contains("--debug", "--no-cli-pager", "no effect here because");
    }

    @Test
    void outputWithAnAwsCliFormatIsExplainedInOneLine() {
        for (String format : List.of("json", "text", "table", "yaml")) {
            Cli.Result result = Cli.local("find", "--table", table, "--output", format);
            assertUsage(result, "--output " + format, "run's folder", "--json (one JSON object on stdout)");
            assertThat(Files.exists(Path.of(format))).isFalse();
        }
    }

    @Test
    void helpVerbShowsTheVerbsHelp() {
        Cli.Result result = Cli.run("help", "scancount");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Usage: bulk scancount", "--filter-expression");
    }

    @Test
    void aMistypedVerbOrFlagGetsASuggestion() {
        assertUsage(Cli.run("cuont", "--table", table), "unknown verb 'cuont'", "did you mean count or scancount?", "'bulk --help'");
        assertUsage(Cli.local("scancount", "--tabel", table), "unknown flag '--tabel' for scancount", "did you mean --table?",
                "'bulk scancount --help'");
    }

    @Test
    void completionPrintsABashScriptThatZshLoadsThroughBashcompinit() {
        Cli.Result bash = Cli.run("completion", "bash");
        assertThat(bash.exitCode()).as(bash.all()).isZero();
        assertThat(bash.out()).contains("complete -F", "scancount", "--filter-expression", "bootstrap");
        Cli.Result zsh = Cli.run("completion", "zsh");
        assertThat(zsh.exitCode()).as(zsh.all()).isZero();
        assertThat(zsh.out()).contains("bashcompinit", "complete -F");
        assertUsage(Cli.run("completion", "fish"), "fish", "bash, zsh");
    }

    @Test
    void rootHelpLinesAreWholeAndConfErrorsSayOptionOnce() {
        String help = Cli.run("--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("quickstart A tour on DynamoDB Local and local Spark (no AWS account needed): a demo table, "
                + "filled and counted.");
        assertThat(help).contains("help ", "completion ", "bootstrap ", "teardown ");
        Cli.Result conf = Cli.local("scancount", "--table", table, "--conf", "foo");
        assertUsage(conf, "option '--conf'", "foo");
        assertThat(conf.err()).doesNotContain("option option");
    }

    @Test
    void anUnknownProfileIsNamedAsNotFound() throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "[profile other]\nregion = us-east-1\n");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("none").toString());
        try {
            assertUsage(Cli.run("scancount", "--table", table, "--profile", "nosuch"), "--profile", "profile 'nosuch' not found");
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    @Test
    void aProfilesEndpointUrlOrServicesSectionIsWhereBulkTalksAndTheHeaderSaysSo() throws IOException {
        Path config = Files.writeString(dir.resolve("config"),
                "[profile ddblocal]\nregion = us-east-1\nendpoint_url = " + DYNAMO.endpoint() + "\n"
                        // The services section's dynamodb entry wins over the profile's own endpoint_url (nothing listens on port 9).
                        + "[profile viaservices]\nregion = us-east-1\nservices = local\nendpoint_url = http://127.0.0.1:9\n"
                        + "[services local]\ndynamodb =\n  endpoint_url = " + DYNAMO.endpoint() + "\n");
        Path credentials = Files.writeString(dir.resolve("credentials"),
                "[ddblocal]\naws_access_key_id = local\naws_secret_access_key = local\n"
                        + "[viaservices]\naws_access_key_id = local\naws_secret_access_key = local\n");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        try {
            Cli.shareSpark();
            Cli.Result result = Cli.run("scancount", "--table", table, "--profile", "ddblocal");
            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).contains("Total records counted: 7");
            assertThat(result.err()).contains("Table: '" + table + "'  at " + DYNAMO.endpoint());
            Cli.Result services = Cli.run("scancount", "--table", table, "--profile", "viaservices");
            assertThat(services.exitCode()).as(services.all()).isZero();
            assertThat(services.out()).contains("Total records counted: 7");
            assertThat(services.err()).contains("Table: '" + table + "'  at " + DYNAMO.endpoint());
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    @Test
    void awsEndpointUrlVariablesAreHonouredAndShownInTheHeader() throws Exception {
        // A real process, since the variables are the environment's: the one thing a test JVM cannot set for itself.
        assertThat(runWithEnvironment(Map.of("AWS_ENDPOINT_URL_DYNAMODB", DYNAMO.endpoint(),
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1"), "scancount", "--table", table))
                .contains("Table: '" + table + "'  at " + DYNAMO.endpoint()).contains("Total records counted: 7");
        assertThat(runWithEnvironment(Map.of("AWS_ENDPOINT_URL", "not a url"), "scancount", "--table", table))
                .contains("bulk: AWS_ENDPOINT_URL: 'not a url' is not a valid URL").contains("exit=2");
    }

    @Test
    void awsEndpointUrlS3IsWhereAnS3OutputGoes() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")))) {
            s3.createBucketUnsigned("results");
            String output = runWithEnvironment(Map.of("AWS_ENDPOINT_URL_DYNAMODB", DYNAMO.endpoint(), "AWS_ENDPOINT_URL_S3",
                    s3.endpoint()), "find", "--table", table, "--output", "s3://results/run1");
            assertThat(output).contains("at " + s3.endpoint(), "Wrote 7 items", "exit=0");
            try (java.util.stream.Stream<Path> files = Files.walk(s3.dataDir())) {
                assertThat(files.map(path -> s3.dataDir().relativize(path).toString()).toList()).as(output)
                        .contains("results/run1/result/_SUCCESS");
            }
        }
    }

    /** Runs bulk in a new JVM with these variables (and local credentials); returns its stdout, stderr and exit code. */
    private String runWithEnvironment(Map<String, String> env, String... args) throws Exception {
        List<String> command = CliProcess.command(new ArrayList<>());
        command.addAll(List.of(args));
        if (!List.of(args).contains("--output")) {
            command.addAll(List.of("--output", dir.resolve("run-" + System.nanoTime()).toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_REGION", "us-east-1", "AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString()));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return Files.readString(dir.resolve("process.txt")) + "\nexit=" + process.exitValue();
    }
}

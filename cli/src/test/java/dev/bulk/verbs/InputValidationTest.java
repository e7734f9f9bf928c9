package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Flags checked before any work: table names, region, profile, master, endpoint, output folder;
 * S3 that cannot be reached; credentials in an endpoint URL; export of an empty map to Parquet.
 */
class InputValidationTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String table;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        table = LocalDynamo.uniqueTable("validation");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + i), "sk", AttributeValue.fromN(String.valueOf(i))));
        }
        DYNAMO.putAll(table, items);
    }

    static Stream<Arguments> badTableNames() {
        String longName = "t".repeat(300);
        return Stream.of(
                Arguments.of(List.of("scancount", "--table", "bad name!"), "--table", "bad name!"),
                Arguments.of(List.of("count", "--table", "ab"), "--table", "'ab'"),
                Arguments.of(List.of("find", "--table", longName), "--table", longName),
                Arguments.of(List.of("delete", "--table", "tab`le", "--yes"), "--table", "tab`le"),
                Arguments.of(List.of("copy", "--source", "%T", "--target", "bad name!", "--yes"), "--target", "bad name!"),
                Arguments.of(List.of("copy", "--source", "ab", "--target", "%T", "--yes"), "--source", "'ab'"),
                Arguments.of(List.of("diff", "--table", "%T", "--table2", "ab"), "--table2", "'ab'"),
                Arguments.of(List.of("load", "--table", "bad name!", "--format", "csv", "--s3-path", "/nonexistent.csv"), "--table", "bad name!"));
    }

    @ParameterizedTest
    @MethodSource("badTableNames")
    void anInvalidTableNameIsOneUsageLineNamingTheFlag(List<String> args, String flag, String value) {
        Cli.Result result = Cli.local(args.get(0), withTable(args.subList(1, args.size())));

        assertOneUsageLine(result, flag, value);
        assertThat(result.err()).contains("3-255 characters").doesNotContain("DescribeTable");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(20);
    }

    @Test
    void aRegionThatIsNotAnAwsRegionNameIsAUsageError() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--region", "bad region!!");

        assertOneUsageLine(result, "--region", "bad region!!");
    }

    @Test
    void anUnknownProfileIsAUsageErrorEvenWithAnEndpoint() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--profile", "nosuchprof");

        assertOneUsageLine(result, "--profile", "profile 'nosuchprof' not found");
    }

    @Test
    void aProfileFromTheConfigFilesIsAccepted() throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "[profile knownprof]\nregion = us-east-1\n");
        Path credentials = Files.writeString(dir.resolve("credentials"),
                "[knownprof]\naws_access_key_id = local\naws_secret_access_key = local\n");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        try {
            Cli.Result result = Cli.local("scancount", "--table", table, "--profile", "knownprof");
            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).contains("20");
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    @Test
    void anUnknownSparkMasterIsAUsageError() {
        Cli.Result result = Cli.local("scancount", "--table", table, "--master", "bogus://x");

        assertOneUsageLine(result, "--master", "bogus://x");
    }

    @Test
    void anEndpointThatIsAPlainHttpServerIsNotADynamoDbEndpoint() throws IOException {
        // A hand-written stand-in for "some other web server": DynamoDB Local cannot play that part.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html>Not Implemented</html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(501, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            Cli.shareSpark();
            Cli.Result result = Cli.run("scancount", "--endpoint", endpoint, "--table", "some-table");

            assertOneUsageLine(result, "--endpoint", endpoint);
            assertThat(result.err()).contains("is not a DynamoDB endpoint").contains("501");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anOutputThatIsAFileSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("F"), "not a folder");

        Cli.Result result = Cli.local("export", "--table", table, "--output", file.toString());

        assertOneUsageLine(result, "--output", file.toString());
        assertThat(result.err()).contains("is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @Test
    void credentialsInAnEndpointUrlAreNeitherPrintedNorStored() throws IOException {
        String endpoint = DYNAMO.endpoint().replace("http://", "http://someuser:s3cretpass@");
        Path output = dir.resolve("run");
        Cli.shareSpark();

        Cli.Result result = Cli.run("scancount", "--endpoint", endpoint, "--table", table, "--output", output.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err()).contains("at http://***@127.0.0.1:");
        String summary = Files.readString(output.resolve("summary.json"));
        assertThat(summary).contains("http://***@127.0.0.1:");
        for (String text : List.of(result.out(), result.err(), summary)) {
            assertThat(text).doesNotContain("pass").doesNotContain("someuser");
        }
    }

    @Test
    void aBadEndpointUrlWithCredentialsIsReportedWithoutThem() {
        Cli.Result result = Cli.run("scancount", "--endpoint", "ftp://someuser:s3cretpass@host", "--table", table);

        assertOneUsageLine(result, "--endpoint", "ftp://***@host");
        assertThat(result.all()).doesNotContain("pass").doesNotContain("someuser");
    }

    @Test
    void exportOfAnUnreachableS3OutputFailsWithOneLineNamingTheFlagAndBucket() throws IOException {
        String endpoint = "http://127.0.0.1:" + closedPort();

        Cli.Result result = withS3Credentials(() -> Cli.local("export", "--table", table, "--output", "s3://nobucket/exp",
                "--s3-endpoint", endpoint));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err()).contains("S3: checking --output s3://nobucket/exp/result at " + endpoint);
        String error = errorLine(result);
        assertThat(error).contains("--output").contains("bucket 'nobucket'").hasSizeLessThan(400);
    }

    @Test
    void loadFromAnUnreachableS3PathFailsWithOneLineNamingTheFlagAndBucket() throws IOException {
        String endpoint = "http://127.0.0.1:" + closedPort();

        Cli.Result result = withS3Credentials(() -> Cli.local("load", "--table", table, "--s3-path", "s3://nobucket/x.csv",
                "--s3-endpoint", endpoint, "--format", "csv", "--yes"));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err()).contains("S3: checking --s3-path s3://nobucket/x.csv at " + endpoint);
        assertThat(errorLine(result)).contains("--s3-path").contains("bucket 'nobucket'").hasSizeLessThan(400);
        assertThat(DYNAMO.countByScan(table)).isEqualTo(20);
    }

    @Test
    void parquetExportOfAnEmptyMapWritesItAsJsonText() {
        String mapTable = LocalDynamo.uniqueTable("emptymap");
        assertThat(Cli.local("create-table", "--table", mapTable, "--pk", "pk:S").exitCode()).isZero();
        DYNAMO.putAll(mapTable, List.of(
                Map.of("pk", AttributeValue.fromS("a"), "empty", AttributeValue.fromM(Map.of()),
                        "name", AttributeValue.fromS("first")),
                Map.of("pk", AttributeValue.fromS("b"), "name", AttributeValue.fromS("second"))));
        Path output = dir.resolve("parquet");

        Cli.Result result = Cli.local("export", "--table", mapTable, "--format", "parquet", "--output", output.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        List<Row> rows = SparkSession.active().read().parquet(output.resolve("result").toString()).orderBy("pk").collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).<String>getAs("pk")).isEqualTo("a");
        assertThat(rows.get(0).<String>getAs("name")).isEqualTo("first");
        assertThat(rows.get(0).<String>getAs("empty")).isEqualTo("{}");
        assertThat(rows.get(1).<String>getAs("name")).isEqualTo("second");
        assertThat(rows.get(1).<String>getAs("empty")).isNull();
    }

    private static String[] withTable(List<String> args) {
        return args.stream().map(arg -> arg.equals("%T") ? table : arg).toArray(String[]::new);
    }

    private static void assertOneUsageLine(Cli.Result result, String flag, String value) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.err().strip().lines().count()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains(flag).contains(value);
    }

    /** The one "bulk: …" error line; S3's own long message must not follow it. */
    private static String errorLine(Cli.Result result) {
        List<String> errors = result.err().lines().filter(line -> line.startsWith("bulk:")).toList();
        assertThat(errors).as(result.err()).hasSize(1);
        String after = result.err().substring(result.err().indexOf(errors.get(0)) + errors.get(0).length()).strip();
        assertThat(after).as(result.err()).isEmpty();
        return errors.get(0);
    }

    /**
     * Credentials from system properties, so the SDK's chain stops there and never asks instance
     * metadata: what is under test is the unreachable endpoint.
     */
    private static Cli.Result withS3Credentials(java.util.function.Supplier<Cli.Result> command) {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            return command.get();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    /** A loopback port nobody listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** diff's bad input: exit 2, one line naming the flag and the value, no stack trace, both tables unchanged. */
class DiffBadInputTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static String first;
    private static String second;
    private static String otherKey;

    @BeforeAll
    static void createTables() {
        first = LocalDynamo.uniqueTable("diffbad1");
        second = LocalDynamo.uniqueTable("diffbad2");
        otherKey = LocalDynamo.uniqueTable("diffbad3");
        assertThat(Cli.local("create-table", "--table", first, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        assertThat(Cli.local("create-table", "--table", second, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        assertThat(Cli.local("create-table", "--table", otherKey, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + i), "sk", AttributeValue.fromS("s")));
        }
        DYNAMO.putAll(first, items);
        DYNAMO.putAll(second, items.subList(0, 10));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sample fraction zero", List.of("--sample-fraction", "0"), "--sample-fraction", "0"),
                Arguments.of("sample fraction above one", List.of("--sample-fraction", "1.5"), "--sample-fraction", "1.5"),
                Arguments.of("sample fraction not a number", List.of("--sample-fraction", "abc"), "--sample-fraction", "abc"),
                Arguments.of("unknown format", List.of("--format", "xml"), "--format", "xml"),
                Arguments.of("segments zero", List.of("--segments", "0"), "--segments", "0"),
                Arguments.of("bad table2 endpoint", List.of("--table2-endpoint", "not a url"), "--table2-endpoint", "not a url"),
                Arguments.of("bad table2 ARN", List.of("--table2", "arn:aws:s3:::bucket"), "--table2", "arn:aws:s3:::bucket"),
                Arguments.of("missing table2", List.of("--table2", "no-such-table"), "--table2", "no-such-table"),
                Arguments.of("missing table", List.of("--table", "no-such-table"), "--table", "no-such-table"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoWithOneLineNamingTheFlagAndChangesNothing(String name, List<String> extra, String flag, String value) {
        List<String> args = new ArrayList<>();
        if (!extra.contains("--table")) {
            args.addAll(List.of("--table", first));
        }
        if (!extra.contains("--table2")) {
            args.addAll(List.of("--table2", second));
        }
        args.addAll(extra);
        Cli.Result result = Cli.local("diff", args.toArray(new String[0]));
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        String message = result.err().lines().filter(line -> line.startsWith("bulk: ")).findFirst().orElse("");
        assertThat(message).as(result.err()).contains(flag).contains(value);
        assertThat(result.err().lines().filter(line -> line.startsWith("\tat ")).count()).as("no stack trace").isZero();
        assertThat(DYNAMO.countByScan(first)).isEqualTo(20);
        assertThat(DYNAMO.countByScan(second)).isEqualTo(10);
    }

    @Test
    void keySchemaMismatchShowsBothSchemas() {
        Cli.Result result = Cli.local("diff", "--table", first, "--table2", otherKey);
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        List<String> messages = result.err().lines().filter(line -> line.startsWith("bulk: ")).toList();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0)).contains("--table2").contains("primary key schema mismatch")
                .contains("'" + first + "' (pk:S, sk:S)").contains("'" + otherKey + "' (pk:S, sk:N)");
        assertThat(result.out()).isEmpty();
    }
}

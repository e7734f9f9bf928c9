package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.CliProcess;
import dev.bulk.testing.LocalDynamo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * copy --replace-range stopped by Ctrl-C while it deletes the target's stale items (a real CLI
 * process), then resumed in-process: the resumed run takes the stale keys from the run plan and
 * ends with the target's range exactly the source's, the rest of the target untouched.
 */
class ReplaceRangeResumeTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final List<String> PK_SK = List.of("pk", "sk");
    private static final int STALE = 1500;

    private static Map<String, AttributeValue> item(String pk, int sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromN(String.valueOf(sk)));
        item.put("v", AttributeValue.fromS(pk + "-" + sk));
        return item;
    }

    private static long staleLeft(String table) {
        return MutationsTest.scan(table, PK_SK).keySet().stream()
                .filter(key -> key.get("pk").s().equals("r") && Integer.parseInt(key.get("sk").n()) >= 10_000).count();
    }

    @Test
    void stoppedWhileDeletingTheStaleItemsAndResumedTheRangeIsTheSources(@TempDir Path dir) throws Exception {
        String source = LocalDynamo.uniqueTable("rr-resume-src");
        String target = LocalDynamo.uniqueTable("rr-resume-dst");
        for (String table : List.of(source, target)) {
            assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:N").exitCode()).isZero();
        }
        List<Map<String, AttributeValue>> sourceItems = new ArrayList<>();
        for (int sk = 0; sk < 1000; sk++) {
            sourceItems.add(item("r", sk));
        }
        sourceItems.add(item("elsewhere", 1));
        DYNAMO.putAll(source, sourceItems);
        List<Map<String, AttributeValue>> targetItems = new ArrayList<>();
        for (int sk = 10_000; sk < 10_000 + STALE; sk++) {
            targetItems.add(item("r", sk));
        }
        targetItems.add(item("outside", 7));
        DYNAMO.putAll(target, targetItems);
        Path runDir = dir.resolve("run");
        List<String> copy = List.of("copy", "--endpoint", DYNAMO.endpoint(), "--source", source, "--target", target,
                "--where", "pk = 'r'", "--replace-range", "--yes", "--XMaxWriteRate", "100", "--output", runDir.toString());

        Process process = new ProcessBuilder(CliProcess.command(new ArrayList<>(copy)))
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 120_000;
        // Interrupt once the deletes of the stale items have begun (polled on the table, not guessed by a sleep).
        while (staleLeft(target) == STALE && process.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).redirectError(new File("/dev/null")).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(process.exitValue()).as(err).isEqualTo(130);
        assertThat(staleLeft(target)).as(err).isBetween(1L, STALE - 1L);

        List<String> resume = new ArrayList<>(copy);
        resume.addAll(List.of("--resume", runDir.toString()));
        Cli.shareSpark();
        Cli.Result resumed = Cli.run(resume.toArray(new String[0]));

        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(resumed.err()).contains("Resuming run");
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> after = MutationsTest.scan(target, PK_SK);
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> expected = new HashMap<>();
        MutationsTest.scan(source, PK_SK).forEach((key, item) -> {
            if (key.get("pk").s().equals("r")) {
                expected.put(key, item);
            }
        });
        Map<String, AttributeValue> outside = item("outside", 7);
        expected.put(MutationsTest.key(outside, PK_SK), outside);
        assertThat(after).isEqualTo(expected);
    }
}

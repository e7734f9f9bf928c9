package dev.bulk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulk.testing.Cli;
import dev.bulk.testing.CliProcess;
import dev.bulk.testing.LocalDynamo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real CLI process: the Spark job is cancelled, the run is reported, exit 130. */
class InterruptTest {
    @Test
    void ctrlCCancelsTheJobReportsAndExits130(@TempDir Path dir) throws Exception {
        LocalDynamo dynamo = LocalDynamo.get();
        String table = LocalDynamo.uniqueTable("interrupt");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S", "--sk", "sk:S").exitCode()).isZero();
        List<String> command = CliProcess.command(new ArrayList<>());
        // 100 write units/s for 50,000 items: minutes of work, so the interrupt lands mid-run.
        command.addAll(List.of("fill", "--endpoint", dynamo.endpoint(), "--table", table, "--generator", "default",
                "--numitems", "50000", "--XMaxWriteRate", "100", "--output", dir.toString(), "--json"));
        Process process = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 60_000;
        // Interrupt once the job has really written something (polled on the table, not guessed by a sleep).
        while (dynamo.countByScan(table) == 0 && process.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(process.isAlive()).as("the fill ended before it could be interrupted: " + Files.readString(dir.resolve("err.txt")))
                .isTrue();
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).redirectError(new File("/dev/null")).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(process.exitValue()).as(err).isEqualTo(130);
        // A fill runs on the direct engine here (no --master): its units are the job Ctrl-C cancels.
        assertThat(err).contains("Ctrl-C: cancelling the job").contains("bulk: interrupted");
        String summary = Files.readString(dir.resolve("summary.json"));
        assertThat(summary).contains("\"status\":\"interrupted\"").contains("\"exitCode\":130");
        // --json: the one object on stdout says so too, even though the run ended on Ctrl-C
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(out.lines().count()).as(out).isEqualTo(1);
        JsonNode object = new ObjectMapper().readTree(out);
        assertThat(object.path("status").asText()).isEqualTo("interrupted");
        assertThat(object.path("exitCode").asInt()).isEqualTo(130);
        assertThat(object.path("counts").path("written").asLong()).isPositive();
        // Some items were written before the interrupt, far from all of them.
        assertThat(dynamo.countByScan(table)).isBetween(1L, 49_999L);
    }
}

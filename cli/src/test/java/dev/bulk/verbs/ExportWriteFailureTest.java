package dev.bulk.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An export whose result folder cannot be written when Spark comes to write it (after the output
 * check passed) ends with one line and no logged stack trace.
 */
class ExportWriteFailureTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @TempDir
    Path dir;

    @Test
    void aResultFolderThatCannotBeCreatedAtWriteTimeIsOneLineWithoutAStackTrace() throws IOException {
        String table = LocalDynamo.uniqueTable("exportfail");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("p" + i)));
        }
        DYNAMO.putAll(table, items);
        // The machine runs as root, which permission bits do not stop. Instead result/ is a link into a
        // regular FILE: it does not exist when the output is checked, and cannot be created when Spark writes.
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder is expected");
        Path output = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(output.resolve("result"), blocker.resolve("result"));

        List<String> logged = new CopyOnWriteArrayList<>();
        Cli.Result result;
        try (LogCapture capture = new LogCapture(logged)) {
            result = Cli.local("export", "--table", table, "--format", "json", "--output", output.toString());
        }

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        List<String> errors = result.err().lines().filter(line -> line.startsWith("bulk:")).toList();
        assertThat(errors).as(result.err()).hasSize(1);
        assertThat(errors.get(0)).contains("result");
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("BULK_STACKTRACE");
        assertThat(logged).as("what Spark's logging would print on the console").isEmpty();
        assertThat(Files.readString(blocker)).isEqualTo("a file where a folder is expected");
        assertThat(DYNAMO.countByScan(table)).isEqualTo(30);
    }

    /** Everything logged through log4j's root while open: what the console appender prints. */
    private static final class LogCapture implements AutoCloseable {
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final AbstractAppender appender;

        LogCapture(List<String> events) {
            appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    events.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
                }
            };
            appender.start();
            context.getConfiguration().getRootLogger().addAppender(appender, null, null);
            context.updateLoggers();
        }

        @Override
        public void close() {
            LoggerConfig root = context.getConfiguration().getRootLogger();
            root.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
    }
}

package dev.bulk.testing;

import dev.bulk.cli.Main;
import dev.bulk.engine.EngineSettings;
import dev.bulk.engine.SparkEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Runs the CLI in-process and captures exit code, stdout and stderr. */
public final class Cli {
    /** The outcome of one command. */
    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private static SparkSession shared;

    private Cli() {
    }

    /**
     * One local Spark session for the test JVM: verbs find it active and leave it running, which
     * saves ~2 s of start-up per command.
     */
    public static synchronized void shareSpark() {
        if (shared == null) {
            shared = SparkEngine.start(EngineSettings.local());
        }
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a verb against the test's DynamoDB Local. */
    public static Result local(String verb, String... args) {
        shareSpark();
        List<String> all = new ArrayList<>();
        all.add(verb);
        all.add("--endpoint");
        all.add(LocalDynamo.get().endpoint());
        all.addAll(List.of(args));
        return run(all.toArray(new String[0]));
    }
}

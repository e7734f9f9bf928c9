package dev.bulk.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * Entry class for an AWS Glue Spark job (docs/CLUSTER-AWS.md). Glue calls main with its own
 * arguments (--JOB_ID, --JOB_RUN_ID, --TempDir, --enable-… with or without values, …) mixed with
 * the job's; bulk's whole command line travels in one job argument, {@code --bulk-args}, as a
 * shell-quoted string or a JSON array, and everything else is ignored. Glue owns the Spark
 * session: it is created (or found) first, so bulk uses it and leaves it running. main returns
 * on success and throws on failure, so Glue records SUCCEEDED or FAILED; it never exits the JVM.
 */
public final class GlueMain {
    static final String ARGUMENT = "--bulk-args";
    private static final Set<String> REFUSED_FLAGS = Set.of("--local", "--master", "--profile", "--spark-ui");
    private static final Set<String> REFUSED_VERBS = Set.of("local", "quickstart");
    private static final Set<String> GLUE_SIZED = Set.of("--XNumberOfWorkers", "--XWorkerType", "--XExecutionClass", "--XRetries");

    private GlueMain() {
    }

    public static void main(String[] glueArgs) {
        List<String> argv = bulkArgs(glueArgs);
        System.err.println("bulk on Glue: " + argv.stream().map(arg -> "'" + arg + "'").reduce((a, b) -> a + " " + b).orElse(""));
        for (String arg : argv) {
            String flag = flagOf(arg);
            if (GLUE_SIZED.contains(flag)) {
                System.err.println("bulk: warning: " + flag + " has no effect on Glue; set the job's worker type, number of "
                        + "workers, execution class or retries instead");
            }
        }
        SparkSession.builder().getOrCreate();
        int code = Main.run(System.out, System.err, argv.toArray(new String[0]));
        System.out.flush();
        System.err.flush();
        if (code != 0) {
            throw new IllegalStateException("bulk exited with code " + code + " (see the job's error log)");
        }
    }

    /** bulk's command line out of Glue's arguments; a usage problem is an IllegalArgumentException. */
    static List<String> bulkArgs(String[] glueArgs) {
        String value = null;
        for (int i = 0; i < glueArgs.length; i++) {
            if (glueArgs[i].equals(ARGUMENT)) {
                value = i + 1 < glueArgs.length ? glueArgs[i + 1] : null;
            } else if (glueArgs[i].startsWith(ARGUMENT + "=")) {
                value = glueArgs[i].substring(ARGUMENT.length() + 1);
            }
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("GlueMain: the job argument " + ARGUMENT
                    + " is required, e.g. {\"--bulk-args\": \"count --table t\"}");
        }
        List<String> argv = new ArrayList<>(value.trim().startsWith("[") ? jsonArray(value) : split(value));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("GlueMain: " + ARGUMENT + " names no verb");
        }
        // The driver's disk is gone after the run: without --output, results, summary.json and
        // failure files go under the job's temporary S3 folder.
        String tempDir = glueValue(glueArgs, "--TempDir");
        boolean hasOutput = argv.stream().anyMatch(arg -> arg.equals("--output") || arg.startsWith("--output="));
        if (!hasOutput && tempDir != null && !argv.get(0).equals("create-table")) {
            String runId = glueValue(glueArgs, "--JOB_RUN_ID");
            argv.add("--output");
            argv.add(tempDir.replaceAll("/+$", "") + "/bulk/" + (runId != null ? runId : "run-" + System.currentTimeMillis()));
        }
        if (REFUSED_VERBS.contains(argv.get(0))) {
            throw new IllegalArgumentException("GlueMain: '" + argv.get(0) + "' does not run on Glue");
        }
        for (String arg : argv) {
            String flag = flagOf(arg);
            if (REFUSED_FLAGS.contains(flag)) {
                throw new IllegalArgumentException("GlueMain: " + flag + " cannot be used on Glue (Glue provides Spark, "
                        + "and credentials come from the job's IAM role)");
            }
        }
        return argv;
    }

    /** "--flag" of "--flag=value" or of "--flag". */
    private static String flagOf(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
    }

    /** The value after one of Glue's own arguments, if it has one. */
    private static String glueValue(String[] glueArgs, String name) {
        for (int i = 0; i + 1 < glueArgs.length; i++) {
            if (glueArgs[i].equals(name) && !glueArgs[i + 1].startsWith("--")) {
                return glueArgs[i + 1];
            }
        }
        return null;
    }

    private static List<String> jsonArray(String value) {
        try {
            return new ObjectMapper().readValue(value, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("GlueMain: " + ARGUMENT + " is not a JSON array of strings: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Splits a command line as a POSIX shell would, without expansions: blanks separate words,
     * '…' is literal, "…" honours \" and \\, and a backslash outside quotes escapes the next character.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("GlueMain: unbalanced ' in " + ARGUMENT);
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        word.append(line.charAt(++j));
                    } else {
                        word.append(d);
                    }
                }
                if (j >= line.length()) {
                    throw new IllegalArgumentException("GlueMain: unbalanced \" in " + ARGUMENT);
                }
                i = j;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}

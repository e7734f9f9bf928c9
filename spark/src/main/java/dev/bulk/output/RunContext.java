package dev.bulk.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.connector.JobBudgets;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.RateStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * One run of a verb: its id, its output folder (created on first use), the console streams
 * (results on stdout, everything else on stderr) and the summary.json written at the end.
 */
public final class RunContext {
    /** Where a run's folder goes without --output, unless the verb keeps its runs elsewhere. */
    public static final Path WORKING_DIR_RUNS = Paths.get("bulk-output");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String runId;
    private final String verb;
    private final List<String> arguments;
    private final Path outputDir;
    private final String remoteOutput;
    private final PrintStream out;
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final ObjectNode counts = JsonNodeFactory.instance.objectNode();
    /** What the run wrote besides its folder's bookkeeping, by name (the result files' location). */
    private final ObjectNode files = JsonNodeFactory.instance.objectNode();
    private volatile ObjectNode writtenSummary;
    /** Named facts of the run besides its counts (the backup taken before it changed a table). */
    private final ObjectNode facts = JsonNodeFactory.instance.objectNode();
    /** Every budget the run's jobs drew on, for the summary; each is reported once. */
    private final List<Budget> budgets = new CopyOnWriteArrayList<>();
    private final List<Budget> reported = new CopyOnWriteArrayList<>();
    private volatile Integer maxConcurrency;
    private volatile Double itemsPerSecond;

    public RunContext(String verb, List<String> arguments, String output, PrintStream out, PrintStream err) {
        this(verb, arguments, output, WORKING_DIR_RUNS, null, out, err);
    }

    /** A new run whose folder, without --output, is {@code <defaultParent>/<run-id>}. */
    public RunContext(String verb, List<String> arguments, String output, Path defaultParent, PrintStream out, PrintStream err) {
        this(verb, arguments, output, defaultParent, null, out, err);
    }

    /** A run that continues an earlier one (--resume): same id, same local run folder. */
    public static RunContext resumed(String verb, List<String> arguments, String runId, Path runDir, PrintStream out,
            PrintStream err) {
        return new RunContext(verb, arguments, runDir.toString(), WORKING_DIR_RUNS, runId, out, err);
    }

    private RunContext(String verb, List<String> arguments, String output, Path defaultParent, String resumedId, PrintStream out,
            PrintStream err) {
        this.verb = verb;
        this.arguments = List.copyOf(dev.bulk.Redaction.redact(arguments));
        this.runId = resumedId != null ? resumedId
                : ID_TIME.format(startedAt) + "-" + verb + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        // A remote --output (s3://…) receives the result files; summary.json stays in the local run folder.
        this.remoteOutput = output != null && isRemote(output) ? stripSlash(output) : null;
        this.outputDir = output != null && remoteOutput == null ? Paths.get(output.startsWith("file:") ? java.net.URI.create(output).getPath()
                : output) : defaultParent.resolve(runId);
        this.out = out;
        this.err = err;
    }

    public String runId() {
        return runId;
    }

    public Path outputDir() {
        return outputDir;
    }

    /** Whether a path is a Hadoop URI with a scheme other than file: (s3://, s3a://, hdfs://, …). */
    public static boolean isRemote(String path) {
        return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !path.startsWith("file:");
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** Where result files go: {@code <output>/result}, locally or on a remote store. */
    public String resultUri() {
        return remoteOutput != null ? remoteOutput + "/result" : outputDir.resolve("result").toAbsolutePath().toUri().toString();
    }

    /** A result location as the user reads it: a local folder as its path, a remote one (s3://…) as it is. */
    public static String shown(String location) {
        return location.startsWith("file:") ? Paths.get(java.net.URI.create(location)).toString() : location;
    }

    public boolean remoteResult() {
        return remoteOutput != null;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** A fact for summary.json, as a top-level object of string fields. */
    public void fact(String name, java.util.Map<String, String> fields) {
        ObjectNode fact = facts.putObject(name);
        fields.forEach(fact::put);
    }

    public void count(String name, long value) {
        counts.put(name, value);
    }

    public void count(String name, double value) {
        counts.put(name, value);
    }

    /**
     * Where the run wrote something worth naming in the summary, e.g. "result" and its folder: a
     * local one as a path, a remote one as its URI.
     */
    public void file(String name, String location) {
        files.put(name, shown(location));
    }

    /** A count recorded so far, or 0. */
    public double countValue(String name) {
        return counts.has(name) ? counts.get(name).asDouble() : 0;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Caps every budget this run takes from now on (null: no cap): requests in flight and items per second across the job. */
    public void capRequests(Integer maxConcurrency, Double itemsPerSecond) {
        this.maxConcurrency = maxConcurrency;
        this.itemsPerSecond = itemsPerSecond;
    }

    /**
     * A budget of this run, with the run's caps. The verbs' jobs and the connector (through the job
     * runner's hooks) all take theirs here, so the summary reports what each went through.
     * {@code spark} is null for a job of the direct engine.
     */
    public Budget budget(SparkSession spark, String name, double rate) {
        Budget budget = JobBudgets.of(spark, name, rate, maxConcurrency, itemsPerSecond);
        budgets.add(budget);
        return budget;
    }

    /**
     * One line per budget that has been drawn on and not reported yet: its throttles and the rate it
     * reached, e.g. "write:orders@…: 0 throttles, 0 slowdowns; rate lowest 250, final 250 of 250 units/s; 247 units/s used".
     */
    public List<String> newBudgetReports() {
        List<String> lines = new ArrayList<>();
        for (Budget budget : budgets) {
            RateStats stats = budget.stats();
            if (!budget.isLimited() || reported.contains(budget) || stats.consumedUnits() <= 0 && stats.throttles() == 0) {
                continue;
            }
            reported.add(budget);
            lines.add(String.format("Budget %s: %s; %,.0f units/s used", displayName(budget), stats.describe(),
                    stats.unitsPerSecond()));
        }
        return lines;
    }

    private static String displayName(Budget budget) {
        int serial = budget.id().lastIndexOf('#');
        return serial > 0 ? budget.id().substring(0, serial) : budget.id();
    }

    /**
     * Writes summary.json; never fails the run (a warning on stderr instead). Returns its path or null.
     * The object written is kept ({@link #writtenSummary}): --json prints it, so a program reads
     * one accounting of the run whichever way it asks.
     */
    public Path writeSummary(String status, int exitCode, String message) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("runId", runId);
        summary.put("verb", verb);
        ArrayNode args = summary.putArray("arguments");
        arguments.forEach(args::add);
        summary.put("status", status);
        summary.put("exitCode", exitCode);
        if (message != null) {
            summary.put("message", dev.bulk.Redaction.redact(message));
        }
        summary.put("runFolder", outputDir.toAbsolutePath().normalize().toString());
        summary.put("startedAt", startedAt.toString());
        summary.put("durationSeconds", Math.round(elapsedSeconds() * 1000) / 1000.0);
        summary.set("counts", counts);
        ObjectNode written = files.deepCopy();
        // Failure files are created by the tasks on their first failure: the folder exists only if something failed.
        Path failures = outputDir.resolve("failures");
        if (!written.has("failures") && Files.isDirectory(failures)) {
            written.put("failures", failures.toAbsolutePath().normalize().toString());
        }
        summary.set("files", written);
        summary.setAll(facts);
        ArrayNode rates = summary.putArray("budgets");
        for (Budget budget : budgets) {
            RateStats stats = budget.stats();
            if (!budget.isLimited()) {
                continue;
            }
            ObjectNode rate = rates.addObject();
            rate.put("name", displayName(budget));
            rate.put("configuredRate", stats.configuredRate());
            rate.put("lowestRate", Math.round(stats.lowestRate() * 1000) / 1000.0);
            rate.put("finalRate", Math.round(stats.finalRate() * 1000) / 1000.0);
            rate.put("unitsPerSecond", Math.round(stats.unitsPerSecond() * 1000) / 1000.0);
            rate.put("consumedUnits", Math.round(stats.consumedUnits() * 1000) / 1000.0);
            rate.put("throttles", stats.throttles());
            rate.put("slowdowns", stats.congestionEvents());
        }
        writtenSummary = summary;
        String text = AttributeValues.toJsonText(summary) + "\n";
        if (remoteOutput != null) {
            writeRemote(RunFiles.SUMMARY, text);
        }
        Path file = outputDir.resolve(RunFiles.SUMMARY);
        try {
            Files.createDirectories(outputDir);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            err.println("warning: could not write " + file + ": " + e.getMessage());
            return null;
        }
    }

    /** The summary of this run as written to summary.json, or null before it was written. */
    public ObjectNode writtenSummary() {
        return writtenSummary;
    }

    /**
     * A file next to a remote --output's results as well: on Glue or EMR the driver's disk, and the
     * local run folder with it, is gone after the run. Written through the run's Spark session, which
     * knows how to reach the store (s3:// and its endpoint); a run that never started Spark keeps
     * only the local copy.
     */
    private void writeRemote(String name, String text) {
        String uri = remoteOutput + "/" + name;
        // The session may have been started on another thread (the verbs start it early, in the
        // background), where it is active; the default session is the one it registered globally.
        scala.Option<SparkSession> session = SparkSession.getActiveSession();
        if (session.isEmpty()) {
            session = SparkSession.getDefaultSession();
        }
        if (session.isEmpty()) {
            err.println("note: " + name + " is only in " + outputDir + " (no Spark session to write " + uri + ")");
            return;
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try (FSDataOutputStream stream = path.getFileSystem(session.get().sparkContext().hadoopConfiguration()).create(path, true)) {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            err.println("warning: could not write " + uri + ": " + e.getMessage());
        }
    }
}

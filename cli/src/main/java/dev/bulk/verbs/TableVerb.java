package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.Timeline;
import dev.bulk.engine.JobFailures;
import dev.bulk.output.RunContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one base of the table verbs, for the flags every one of them honours (where the table is,
 * the engine, the run folder and --dry-run) and the one place a run's outcome becomes its exit
 * code and summary.json. Everything else a verb composes: option mixins and the components
 * ({@link Tables}, {@link RunFolder}, {@link MutationRun}) it calls.
 */
public abstract class TableVerb implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected TargetOptions target;

    @Mixin
    protected EngineOptions engine;

    @Mixin
    protected RunOptions runOptions;

    @Mixin
    protected RequestCapsOptions caps;

    @Mixin
    protected CompatOptions compat;

    private Tables tables;
    private JsonResult json;

    /** Validates flags (no I/O) — every usage error a verb can find without the table. */
    protected abstract void validate();

    /** Does the work; returns the exit code. */
    protected abstract int execute(RunContext run) throws Exception;

    /** The run's id and folder: a new one; a verb with a {@link RunFolder} lets it decide (and resume). */
    protected RunContext openRun(List<String> arguments) {
        return new RunContext(spec.name(), arguments, runOptions.output(),
                readOnly() ? ReadOnlyRuns.folder() : RunContext.WORKING_DIR_RUNS, out(), err());
    }

    /**
     * True for a verb that only reads tables and whose run folder is bookkeeping, not a result the
     * user asked to keep: without --output it goes to $BULK_HOME/runs/ and is pruned ({@link ReadOnlyRuns}).
     */
    protected boolean readOnly() {
        return false;
    }

    @Override
    public final Integer call() throws Exception {
        Timeline.sinceStart("reading the command line");
        long preparing = System.nanoTime();
        if (runOptions.json()) {
            // First of all: from here on, everything the verb prints for people goes to stderr.
            json = JsonResult.divert(spec);
        }
        engine.settings();
        compat.validate();
        caps.validate();
        validate();
        OutputCheck.notAFile(runOptions.output());
        RunContext run = openRun(spec.commandLine().getParseResult().originalArgs());
        if (json != null) {
            json.ran(run);
        }
        run.capRequests(caps.maxConcurrency(), caps.maxItemsPerSecond());
        if (caps.describe() != null) {
            err().println(caps.describe());
        }
        Timeline.record("checking the flags, opening the run folder", preparing);
        try {
            int code = execute(run);
            finish(run, code, null);
            return code;
        } catch (BulkException e) {
            if (e.kind() != BulkException.Kind.USAGE) {
                finish(run, e.kind().exitCode(), e.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            finish(run, ExitCodes.FAILED, JobFailures.rootMessage(e));
            throw e;
        } finally {
            tables().stopSpark();
        }
    }

    /**
     * Writes summary.json and says where the run folder is, for every verb and however the run
     * ended; a read-only run's folder then makes room by pruning the oldest.
     */
    private void finish(RunContext run, int code, String message) {
        Path summary = run.writeSummary(ExitCodes.status(code), code, message);
        if (summary != null) {
            err().println("Run folder: " + run.outputDir());
        }
        // an s3:// --output leaves the local part of the run (summary.json) there too
        if (readOnly() && run.outputDir().startsWith(ReadOnlyRuns.folder())) {
            ReadOnlyRuns.prune(ReadOnlyRuns.folder(), err());
        }
    }

    /** The --json result of this command, or null without --json. */
    public final JsonResult json() {
        return json;
    }

    /** The table-and-Spark component of this run. */
    protected final Tables tables() {
        if (tables == null) {
            tables = new Tables(spec.name(), Console.of(spec), target, engine);
        }
        return tables;
    }

    /** The run folder of a verb that plans its run (and, with a {@link ResumeOption}, resumes it). */
    protected final RunFolder runFolder(ResumeOption resume, Supplier<Map<String, String>> fingerprint) {
        return new RunFolder(spec.name(), Console.of(spec), runOptions, resume, target, fingerprint);
    }

    protected final boolean dryRun() {
        return runOptions.dryRun();
    }

    protected final PrintStream out() {
        return Console.of(spec).out();
    }

    protected final PrintStream err() {
        return Console.of(spec).err();
    }
}

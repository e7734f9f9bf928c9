package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.Redaction;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.RunPlan;
import dev.bulk.output.RunContext;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A run folder that belongs to one run: a new run refuses a folder that holds another run's plan
 * (its checkpoints would make the new run skip work), the folder must be writable before anything
 * is written, and --resume continues a run in its own folder, refusing a command that would change
 * something else (the verb's fingerprint, plus where the table is).
 */
public final class RunFolder {
    private final String verb;
    private final Console console;
    private final RunOptions runOptions;
    /** Null for a verb that does not resume (load). */
    private final ResumeOption resume;
    private final TargetOptions target;
    private final Supplier<Map<String, String>> fingerprint;
    private RunPlan resumedPlan;

    RunFolder(String verb, Console console, RunOptions runOptions, ResumeOption resume, TargetOptions target,
            Supplier<Map<String, String>> fingerprint) {
        this.verb = verb;
        this.console = console;
        this.runOptions = runOptions;
        this.resume = resume;
        this.target = target;
        this.fingerprint = fingerprint;
    }

    /** The verb's fingerprint plus where the table is: a resume against another endpoint or account is another run. */
    private Map<String, String> runFingerprint() {
        Map<String, String> flags = new LinkedHashMap<>(fingerprint.get());
        flags.put("--endpoint", target.endpoint());
        flags.put("--region", target.region());
        flags.put("--profile", target.profile());
        flags.put("--local", target.local() ? "true" : null);
        return flags;
    }

    /** The --resume value, or null for a new run. */
    private String resumeValue() {
        return resume == null ? null : resume.resume();
    }

    /** A new run's folder, checked; or the folder of the run --resume names, its command compared with this one. */
    public RunContext open(List<String> arguments) {
        String resumed = resumeValue();
        if (resumed != null && runOptions.dryRun()) {
            throw BulkException.usage("--dry-run cannot be combined with --resume " + resumed);
        }
        String output = runOptions.output();
        if (resumed == null) {
            RunContext run = new RunContext(verb, arguments, output, console.out(), console.err());
            if (output != null && RunPlan.exists(run.outputDir())) {
                RunPlan other = RunPlan.read(run.outputDir());
                throw BulkException.usage("--output " + output + ": it is the folder of run " + other.runId() + " ('"
                        + other.verb() + "'), and a run folder belongs to one run; choose a new folder, or continue that run "
                        + "with --resume " + output);
            }
            requireWritable(output == null ? "--output" : "--output " + output, run.outputDir());
            return run;
        }
        Path dir = Paths.get(resumed);
        if (!RunPlan.exists(dir)) {
            dir = Paths.get("bulk-output", resumed);
        }
        if (!RunPlan.exists(dir)) {
            throw BulkException.usage("--resume " + resumed + ": no run with a plan.json there (looked in " + Paths.get(resumed)
                    + " and " + dir + ")");
        }
        if (output != null && !sameFolder(Paths.get(output), dir)) {
            throw BulkException.usage("--output " + output + ": a resumed run continues in its own folder (" + dir + "); leave "
                    + "--output out or give it that folder");
        }
        RunPlan plan = RunPlan.read(dir);
        if (!plan.verb().equals(verb)) {
            throw BulkException.usage("--resume " + resumed + ": that run was '" + plan.verb() + "', not '" + verb + "'");
        }
        Map<String, String> now = runFingerprint();
        for (String flag : plan.fingerprint().keySet()) {
            // plan.json stores values redacted (an endpoint URL may carry a password): compare like with like
            String current = Redaction.redact(now.get(flag));
            if (!Objects.equals(plan.fingerprint().get(flag), current)) {
                throw BulkException.usage("--resume " + resumed + ": " + flag + " was " + shown(plan.fingerprint().get(flag))
                        + " in that run, now " + shown(current) + "; give the same command");
            }
        }
        requireWritable("--resume " + resumed, dir);
        resumedPlan = plan;
        return RunContext.resumed(verb, arguments, plan.runId(), dir, console.out(), console.err());
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // compared by name below
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static String shown(String value) {
        return value == null ? "not given" : "'" + value + "'";
    }

    /**
     * Creates the run folder and writes and deletes a probe file in it: a folder the run cannot
     * write would otherwise be found out only after the first writes to the table, with no
     * checkpoint, failure file or summary to account for them.
     */
    static void requireWritable(String flag, Path dir) {
        try {
            boolean existed = Files.isDirectory(dir);
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", "");
            Files.delete(probe);
            if (!existed) {
                // Created again by the first write; a run refused later (an unknown table) leaves no empty folder.
                Files.delete(dir);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw BulkException.usage(flag + ": cannot use " + dir + " as the run folder (" + reason(e) + "); give a folder "
                    + "this user can create and write");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it cannot be created there";
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return JobFailures.rootMessage(e);
    }

    public boolean resuming() {
        return resumedPlan != null;
    }

    /** The plan of the run being resumed, or null for a new run. */
    public RunPlan resumedPlan() {
        return resumedPlan;
    }

    /** Writes this run's plan (a dry run writes none). */
    public void writePlan(RunContext run, List<MutationJob.Unit> units) {
        if (!runOptions.dryRun()) {
            new RunPlan(run.runId(), verb, runFingerprint(), units).write(run.outputDir());
        }
    }

    /** What to give --resume: the run id when the run folder is the default one, else the folder. */
    public static String resumeHandle(RunContext run) {
        return run.outputDir().equals(Paths.get("bulk-output", run.runId())) ? run.runId() : run.outputDir().toString();
    }
}

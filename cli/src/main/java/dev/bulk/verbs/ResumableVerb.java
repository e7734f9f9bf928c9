package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.Redaction;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableRef;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.RunPlan;
import dev.bulk.output.RunContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The rails of every verb that writes a table (fill, delete, truncate, update, copy, load…):
 * --yes and the confirmation on a terminal, the PITR gate, and a run folder that belongs to one
 * run: a new run refuses a folder that holds another run's plan (its checkpoints would make the
 * new run skip work), the folder must be writable before anything is written, and --resume
 * continues a run in its own folder, refusing a command that would change something else.
 */
abstract class ResumableVerb extends TableVerb {
    @Mixin
    SafetyOptions safety;

    private RunPlan resumedPlan;

    /** The flags that decide what this run changes; --resume refuses a command that differs. */
    abstract Map<String, String> fingerprint();

    /** The verb's fingerprint plus where the table is: a resume against another endpoint or account is another run. */
    Map<String, String> runFingerprint() {
        Map<String, String> flags = new LinkedHashMap<>(fingerprint());
        flags.put("--endpoint", target.endpoint());
        flags.put("--region", target.region());
        flags.put("--profile", target.profile());
        flags.put("--local", target.local() ? "true" : null);
        return flags;
    }

    void validateResume() {
        if (safety.resume != null && runOptions.dryRun) {
            throw BulkException.usage("--dry-run cannot be combined with --resume " + safety.resume);
        }
    }

    @Override
    RunContext newRun(List<String> arguments) {
        if (safety.resume == null) {
            RunContext run = super.newRun(arguments);
            if (runOptions.output != null && RunPlan.exists(run.outputDir())) {
                RunPlan other = RunPlan.read(run.outputDir());
                throw BulkException.usage("--output " + runOptions.output + ": it is the folder of run " + other.runId() + " ('"
                        + other.verb() + "'), and a run folder belongs to one run; choose a new folder, or continue that run "
                        + "with --resume " + runOptions.output);
            }
            requireWritable(runOptions.output == null ? "--output" : "--output " + runOptions.output, run.outputDir());
            return run;
        }
        Path dir = Paths.get(safety.resume);
        if (!RunPlan.exists(dir)) {
            dir = Paths.get("bulk-output", safety.resume);
        }
        if (!RunPlan.exists(dir)) {
            throw BulkException.usage("--resume " + safety.resume + ": no run with a plan.json there (looked in " + Paths.get(safety.resume)
                    + " and " + dir + ")");
        }
        if (runOptions.output != null && !sameFolder(Paths.get(runOptions.output), dir)) {
            throw BulkException.usage("--output " + runOptions.output + ": a resumed run continues in its own folder (" + dir + "); leave "
                    + "--output out or give it that folder");
        }
        RunPlan plan = RunPlan.read(dir);
        if (!plan.verb().equals(spec.name())) {
            throw BulkException.usage("--resume " + safety.resume + ": that run was '" + plan.verb() + "', not '" + spec.name() + "'");
        }
        Map<String, String> now = runFingerprint();
        for (String flag : plan.fingerprint().keySet()) {
            // plan.json stores values redacted (an endpoint URL may carry a password): compare like with like
            String current = Redaction.redact(now.get(flag));
            if (!Objects.equals(plan.fingerprint().get(flag), current)) {
                throw BulkException.usage("--resume " + safety.resume + ": " + flag + " was " + shown(plan.fingerprint().get(flag))
                        + " in that run, now " + shown(current) + "; give the same command");
            }
        }
        requireWritable("--resume " + safety.resume, dir);
        resumedPlan = plan;
        return RunContext.resumed(spec.name(), arguments, plan.runId(), dir, out(), err());
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

    boolean resuming() {
        return resumedPlan != null;
    }

    /** The plan of the run being resumed, or null for a new run. */
    RunPlan resumedPlan() {
        return resumedPlan;
    }

    /** Writes this run's plan (a dry run writes none). */
    void writePlan(RunContext run, List<MutationJob.Unit> units) {
        if (!runOptions.dryRun) {
            new RunPlan(run.runId(), spec.name(), runFingerprint(), units).write(run.outputDir());
        }
    }

    /** What to give --resume: the run id when the run folder is the default one, else the folder. */
    static String resumeHandle(RunContext run) {
        return run.outputDir().equals(Paths.get("bulk-output", run.runId())) ? run.runId() : run.outputDir().toString();
    }

    /** The PITR gate on the table this run writes. */
    void requirePitr(DynamoSession session, TableRef written) {
        MutationGuard.requirePitr(session, written, safety.skipPitrCheck, err());
    }

    /** Asks before changing anything: on a terminal unless --yes; without one the run goes ahead. */
    void confirm(String question) {
        if (!Confirmation.ask(err(), question, safety.yes, System.console() != null, Confirmation.stdinLine())) {
            throw new BulkException(BulkException.Kind.FAILED, "not confirmed: nothing was changed");
        }
    }

    /** Asking on a terminal; separate so it can be tested without one. */
    static final class Confirmation {
        private Confirmation() {
        }

        static boolean ask(PrintStream err, String question, boolean yes, boolean terminal, Supplier<String> readLine) {
            if (yes) {
                return true;
            }
            if (!terminal) {
                err.println("(no terminal: going ahead without asking; pass --yes to say so explicitly)");
                return true;
            }
            err.print(question + " [y/N] ");
            err.flush();
            String answer = readLine.get();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        }

        static Supplier<String> stdinLine() {
            return () -> {
                try {
                    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    return null;
                }
            };
        }
    }
}

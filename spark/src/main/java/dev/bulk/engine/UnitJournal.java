package dev.bulk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.output.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each attempt at a unit had confirmed, {@code journal/<unit>__t<start>-a<attempt>p<partition>.json}
 * in the run folder, rewritten by the task as it goes and once more when it ends, however it
 * ends. Spark drops the accumulators of a cancelled or failed job, and a killed process takes them
 * along; the journal survives both, so the counts printed at every stop, and those of a resumed
 * run, are what DynamoDB confirmed. A SIGKILL can lose the last {@link #EVERY_MILLIS} ms of
 * confirmations (the journal is rewritten on that period, not per item).
 */
public final class UnitJournal {
    private static final Logger LOG = LoggerFactory.getLogger(UnitJournal.class);

    static final long EVERY_MILLIS = 100;
    private static final String DIR = RunFiles.JOURNAL;
    private static final String SEPARATOR = "__t";

    /**
     * What a redone unit does with the items an earlier attempt at it already handled; it decides
     * how the attempts' counts add up.
     */
    public enum Redo {
        /** Does them again (update, copy, load): the last attempt's counts stand. */
        REPEATS,
        /** Does not see them (a delete's rescan; fill writes only the rest of its quota): the counts add up. */
        SKIPS_DONE,
        /** Meets the ones it deleted again, gone (a delete from staged keys): those are not "already gone". */
        FINDS_DONE_GONE
    }

    private UnitJournal() {
    }

    /**
     * One attempt's journal. A daemon thread rewrites it every {@link #EVERY_MILLIS} ms while the
     * attempt runs, so it keeps up while the task waits (a full queue, the flush at a unit's end).
     */
    public static final class Attempt {
        private final Path file;
        private boolean ended;

        public Attempt(String runDir, String unitId, int attempt, int partition) {
            this.file = Paths.get(runDir).resolve(DIR).resolve(String.format("%s%s%013d-a%dp%d.json", unitId, SEPARATOR,
                    System.currentTimeMillis(), attempt, partition));
            write(MutationJob.Counts.ZERO, false);
        }

        /** Journals {@code counts} (null: nothing known yet) on the period until the last entry is written. */
        public void follow(Supplier<MutationJob.Counts> counts) {
            Thread thread = new Thread(() -> {
                while (!isEnded()) {
                    try {
                        Thread.sleep(EVERY_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    MutationJob.Counts known = counts.get();
                    if (known != null) {
                        write(known, false);
                    }
                }
            }, "bulk-journal-" + file.getFileName());
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized boolean isEnded() {
            return ended;
        }

        /** An entry; the last one has {@code last} set, which tells the driver the counts are final. */
        public synchronized void write(MutationJob.Counts counts, boolean last) {
            if (ended) {
                return;
            }
            ended = last;
            ObjectNode node = Checkpoints.countsNode(counts);
            node.put("ended", last);
            try {
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, AttributeValues.toJsonText(node) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // The journal only improves the counts of a stopped run; a failing disk shows in the checkpoint write.
                LOG.warn("could not write {}: {}", file, e.getMessage());
            }
        }
    }

    /** One attempt as read back. */
    public record Entry(String unitId, String name, MutationJob.Counts counts, boolean ended) {
        /** When the attempt started (its file's name says), in epoch milliseconds. */
        public long startMillis() {
            return UnitJournal.startMillis(name);
        }
    }

    /** Every attempt's entry per unit, oldest attempt first. */
    public static Map<String, List<Entry>> read(Path runDir) {
        Map<String, List<Entry>> byUnit = new LinkedHashMap<>();
        Path dir = runDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return byUnit;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                int cut = name.indexOf(SEPARATOR);
                if (!name.endsWith(".json") || cut < 0) {
                    continue;
                }
                JsonNode node;
                try {
                    node = AttributeValues.parseJson(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    continue; // replaced while being read: the next read sees it
                }
                String unit = name.substring(0, cut);
                byUnit.computeIfAbsent(unit, k -> new ArrayList<>()).add(new Entry(unit, name,
                        Checkpoints.countsOf(node), node.path("ended").asBoolean(false)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal in " + dir, e);
        }
        return byUnit;
    }

    /** The journal entries of this unit that are not the named attempt's. */
    static List<MutationJob.Counts> others(List<Entry> entries, String attemptSuffix) {
        List<MutationJob.Counts> others = new ArrayList<>();
        String last = null;
        for (Entry entry : entries) {
            if (entry.name().endsWith(attemptSuffix)) {
                last = entry.name();
            }
        }
        for (Entry entry : entries) {
            if (!entry.name().equals(last)) {
                others.add(entry.counts());
            }
        }
        return others;
    }

    static String suffix(int attempt, int partition) {
        return "-a" + attempt + "p" + partition + ".json";
    }

    /** Whether every attempt started at or after {@code sinceMillis} has written its last entry. */
    public static boolean allEnded(Path runDir, long sinceMillis) {
        for (List<Entry> entries : read(runDir).values()) {
            for (Entry entry : entries) {
                if (!entry.ended() && startMillis(entry.name()) >= sinceMillis) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long startMillis(String name) {
        int at = name.indexOf(SEPARATOR) + SEPARATOR.length();
        try {
            return Long.parseLong(name.substring(at, at + 13));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The counts of the attempts at one unit (oldest first), added up as its {@link Redo} says. */
    public static MutationJob.Counts merge(List<MutationJob.Counts> attempts, Redo redo) {
        if (attempts.isEmpty()) {
            return MutationJob.Counts.ZERO;
        }
        MutationJob.Counts last = attempts.get(attempts.size() - 1);
        long priorDone = 0;
        long priorGone = 0;
        long priorReplyLost = 0;
        double readUnits = 0;
        double writeUnits = 0;
        for (MutationJob.Counts counts : attempts) {
            readUnits += counts.readUnits();
            writeUnits += counts.writeUnits();
        }
        for (MutationJob.Counts counts : attempts.subList(0, attempts.size() - 1)) {
            priorDone += counts.done();
            priorGone += counts.conditionFailed();
            priorReplyLost += counts.replyLost();
        }
        return switch (redo) {
            case REPEATS -> new MutationJob.Counts(last.processed(), last.done(), last.skipped(), last.conditionFailed(),
                    last.failed(), readUnits, writeUnits, last.replyLost(), last.outcomeUnknown());
            case SKIPS_DONE -> new MutationJob.Counts(last.processed() + priorDone + priorGone, last.done() + priorDone,
                    last.skipped(), last.conditionFailed() + priorGone, last.failed(), readUnits, writeUnits,
                    last.replyLost() + priorReplyLost, last.outcomeUnknown());
            case FINDS_DONE_GONE -> new MutationJob.Counts(last.processed(), last.done() + priorDone, last.skipped(),
                    Math.max(0, last.conditionFailed() - priorDone), last.failed(), readUnits, writeUnits,
                    last.replyLost() + priorReplyLost, last.outcomeUnknown());
        };
    }
}

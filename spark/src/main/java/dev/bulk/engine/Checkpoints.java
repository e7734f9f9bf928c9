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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * The run folder's record of finished units: {@code checkpoints/<unit>.json}, written on the
 * driver when a unit's task succeeds (so it works on a cluster too), with the unit's counts. A
 * checkpoint is written only after every write of its unit was confirmed or listed as failed, so
 * a resumed run may redo a finished unit (if the process died between the two) but never skips
 * an unfinished one. Failure files of attempts that did not finish are removed, so the failure
 * folder lists exactly the items that failed in finished units.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private static final String PART_SEPARATOR = "__a";

    private final Path runDir;
    private final Path dir;
    private final Path failuresDir;
    private final Function<MutationJob.Unit, UnitJournal.Redo> redo;

    public Checkpoints(Path runDir) {
        this(runDir, unit -> UnitJournal.Redo.REPEATS);
    }

    /** @param redo what a redo of each unit does with the items an earlier attempt handled (how the attempts add up) */
    public Checkpoints(Path runDir, Function<MutationJob.Unit, UnitJournal.Redo> redo) {
        this.runDir = runDir;
        this.dir = runDir.resolve(RunFiles.CHECKPOINTS);
        this.failuresDir = runDir.resolve(RunFiles.FAILURES);
        this.redo = redo;
    }

    /**
     * The confirmed counts of these units: a checkpointed unit's from its checkpoint, the others'
     * from the journal of their attempts (a run stopped by Ctrl-C, a failure or a kill).
     */
    public MutationJob.Counts confirmed(List<MutationJob.Unit> units) {
        Map<String, MutationJob.Counts> done = completed();
        Map<String, List<UnitJournal.Entry>> journal = UnitJournal.read(runDir);
        MutationJob.Counts total = MutationJob.Counts.ZERO;
        for (MutationJob.Unit unit : units) {
            MutationJob.Counts counts = done.get(unit.id());
            if (counts == null) {
                counts = UnitJournal.merge(journal.getOrDefault(unit.id(), List.of()).stream()
                        .map(UnitJournal.Entry::counts).toList(), redo.apply(unit));
            }
            total = total.plus(counts);
        }
        return total;
    }

    /** The journal's counts of a unit that did not finish: what a redo of it has to build on. */
    public MutationJob.Counts unfinished(MutationJob.Unit unit) {
        return UnitJournal.merge(UnitJournal.read(runDir).getOrDefault(unit.id(), List.of()).stream()
                .map(UnitJournal.Entry::counts).toList(), redo.apply(unit));
    }

    /**
     * Waits (at most {@code timeout}) until the attempts started since {@code sinceMillis} have
     * written their last journal entry: a cancelled task closes its writers after the job has
     * already failed on the driver, and its confirmations are in the journal only then.
     */
    public void awaitJournal(long sinceMillis, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!UnitJournal.allEnded(runDir, sinceMillis) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(UnitJournal.EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static ObjectNode countsNode(MutationJob.Counts counts) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("processed", counts.processed());
        c.put("done", counts.done());
        c.put("skipped", counts.skipped());
        c.put("conditionFailed", counts.conditionFailed());
        c.put("failed", counts.failed());
        c.put("readUnits", counts.readUnits());
        c.put("writeUnits", counts.writeUnits());
        c.put("replyLost", counts.replyLost());
        c.put("outcomeUnknown", counts.outcomeUnknown());
        return c;
    }

    static MutationJob.Counts countsOf(JsonNode c) {
        return new MutationJob.Counts(c.get("processed").asLong(), c.get("done").asLong(), c.get("skipped").asLong(),
                c.get("conditionFailed").asLong(), c.get("failed").asLong(), c.get("readUnits").asDouble(),
                c.get("writeUnits").asDouble(), c.path("replyLost").asLong(0), c.path("outcomeUnknown").asLong(0));
    }

    /** Finished units and their counts. */
    public Map<String, MutationJob.Counts> completed() {
        Map<String, MutationJob.Counts> done = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return done;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".json")) {
                    continue;
                }
                JsonNode node = AttributeValues.parseJson(Files.readString(file, StandardCharsets.UTF_8));
                done.put(node.get("unit").asText(), countsOf(node.get("counts")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + dir, e);
        }
        return done;
    }

    /** Deletes failure files of units that did not finish: a resumed run does those units again. */
    public void removeFailuresOfUnfinished(Set<String> finished) {
        if (!Files.isDirectory(failuresDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(failuresDir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                int cut = name.indexOf(PART_SEPARATOR);
                if (cut > 0 && !finished.contains(name.substring(0, cut))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean failure files in " + failuresDir, e);
        }
    }

    /** The failure file name (without .jsonl) of one attempt at a unit. */
    public static String failurePart(String unitId, int attempt, int partition) {
        return unitId + PART_SEPARATOR + attempt + "p" + partition;
    }

    void write(MutationJob.Unit unit, int attempt, MutationJob.Counts counts) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("unit", unit.id());
        if (unit.segments() != null) {
            unit.segments().forEach(node.putArray("segments")::add);
        }
        if (unit.file() != null) {
            node.put("file", unit.file());
        }
        node.put("attempt", attempt);
        node.set("counts", countsNode(counts));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(unit.id() + ".json.tmp");
            Files.writeString(tmp, AttributeValues.toJsonText(node) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(unit.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint of " + unit.id() + " in " + dir, e);
        }
    }

    /**
     * A unit's attempt (its {@code attempt} at Spark partition or direct-engine index {@code index})
     * finished with these counts: its checkpoint, built on what earlier attempts (killed or
     * cancelled runs) had confirmed, and only this attempt's failure file kept.
     */
    public void finished(MutationJob.Unit unit, int attempt, int index, MutationJob.Counts counts) {
        List<MutationJob.Counts> attempts = new ArrayList<>(UnitJournal.others(
                UnitJournal.read(runDir).getOrDefault(unit.id(), List.of()), UnitJournal.suffix(attempt, index)));
        attempts.add(counts);
        write(unit, attempt, UnitJournal.merge(attempts, redo.apply(unit)));
        keepFailuresOf(unit.id(), failurePart(unit.id(), attempt, index));
    }

    /** Keeps only the failure file of the attempt that finished the unit. */
    void keepFailuresOf(String unitId, String keptPart) {
        if (!Files.isDirectory(failuresDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(failuresDir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(unitId + PART_SEPARATOR) && !name.equals(keptPart + ".jsonl")) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clean failure files of {}: {}", unitId, e.getMessage());
        }
    }

    public Listener listen(SparkSession spark, int rddId, List<MutationJob.Unit> units, MutationJob.Accumulators accumulators) {
        Listener listener = new Listener(spark, rddId, units, accumulators);
        spark.sparkContext().addSparkListener(listener);
        return listener;
    }

    /** Writes a unit's checkpoint when its task succeeds. */
    public final class Listener extends SparkListener implements AutoCloseable {
        private final SparkSession spark;
        private final int rddId;
        private final List<MutationJob.Unit> units;
        private final MutationJob.Accumulators accumulators;
        private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
        private volatile RuntimeException error;

        Listener(SparkSession spark, int rddId, List<MutationJob.Unit> units, MutationJob.Accumulators accumulators) {
            this.spark = spark;
            this.rddId = rddId;
            this.units = units;
            this.accumulators = accumulators;
        }

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            for (StageInfo stage : JavaConverters.seqAsJavaListConverter(jobStart.stageInfos()).asJava()) {
                for (RDDInfo rdd : JavaConverters.seqAsJavaListConverter(stage.rddInfos()).asJava()) {
                    if (rdd.id() == rddId) {
                        stages.add(stage.stageId());
                    }
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            if (!stages.contains(taskEnd.stageId()) || taskEnd.reason() != Success$.MODULE$) {
                return;
            }
            Map<Long, Long> updates = new HashMap<>();
            for (AccumulableInfo info : JavaConverters.seqAsJavaListConverter(taskEnd.taskInfo().accumulables()).asJava()) {
                if (info.update().isDefined() && info.update().get() instanceof Long value) {
                    updates.put(info.id(), value);
                }
            }
            try {
                succeeded(taskEnd.taskInfo().index(), taskEnd.taskInfo().attemptNumber(), updates);
            } catch (RuntimeException e) {
                error = e;
            }
        }

        /** A unit's task succeeded with these accumulator updates: checkpoint it if its counts are known. */
        void succeeded(int index, int attempt, Map<Long, Long> updates) {
            if (!accumulators.applied(updates)) {
                // Its writes are done, but Spark dropped its counts with the cancelled job (Ctrl-C, --XTimeout): no
                // checkpoint, so a resumed run does the unit again (deletes find the items gone; updates must be idempotent).
                return;
            }
            finished(units.get(index), attempt, index, accumulators.fromUpdates(updates));
        }

        /** Waits until Spark has told the listener of every finished task. */
        void drain() {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (Exception e) {
                LOG.warn("checkpoints may be incomplete: {}", e.getMessage());
            }
            if (error != null) {
                throw error;
            }
        }

        @Override
        public void close() {
            try {
                drain();
            } finally {
                spark.sparkContext().removeSparkListener(this);
            }
        }
    }
}

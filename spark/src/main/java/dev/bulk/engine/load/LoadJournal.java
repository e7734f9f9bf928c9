package dev.bulk.engine.load;

import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a load's tasks had DynamoDB confirm, in the run folder's journal ({@link UnitJournal}) as
 * they go. A load keeps no checkpoints (it is re-run, not resumed), and Spark drops the counts of
 * a cancelled or failed job; without the journal a stopped load (Ctrl-C, --XTimeout, a failed
 * task) could only say "0", whatever it had written. Each task attempt journals as a unit of its
 * own, named after its partition: {@code puts-pN} for its puts, and a --merge-latest task
 * {@code deletes-pN} for its --delete-flag deletes, so both counts survive in the journal's one
 * format (rows read as {@code processed}, refused rows as {@code skipped}, "not newer" as
 * {@code conditionFailed}).
 */
final class LoadJournal {
    private static final String PUTS = "puts-p";
    private static final String DELETES = "deletes-p";

    private LoadJournal() {
    }

    /** The journal of one task attempt's puts, following {@code counts} until its last entry. */
    static UnitJournal.Attempt puts(LoadJob.Spec spec, int partition, int attempt, Supplier<MutationJob.Counts> counts) {
        return follow(spec, PUTS, partition, attempt, counts);
    }

    /** The journal of one --merge-latest task attempt's deletes. */
    static UnitJournal.Attempt deletes(LoadJob.Spec spec, int partition, int attempt, Supplier<MutationJob.Counts> counts) {
        return follow(spec, DELETES, partition, attempt, counts);
    }

    private static UnitJournal.Attempt follow(LoadJob.Spec spec, String kind, int partition, int attempt,
            Supplier<MutationJob.Counts> counts) {
        UnitJournal.Attempt journal = new UnitJournal.Attempt(spec.failures().directory(), String.format("%s%05d", kind,
                partition), attempt, partition);
        journal.follow(counts);
        return journal;
    }

    /**
     * What a stopped load's tasks had confirmed, once they have written their last entries: per
     * partition, its last attempt's counts (a retried task reads and puts its records again, so
     * an earlier attempt's writes are among the ones its retry repeats), of the attempts started since
     * {@code sinceMillis}.
     */
    static LoadJob.Counts confirmed(Path runDir, long sinceMillis) {
        MutationJob.Counts puts = MutationJob.Counts.ZERO;
        MutationJob.Counts deletes = MutationJob.Counts.ZERO;
        for (Map.Entry<String, List<UnitJournal.Entry>> unit : UnitJournal.read(runDir).entrySet()) {
            // A load's --output may be reused by a later load (it has no plan to refuse it): only this run's attempts count.
            MutationJob.Counts merged = UnitJournal.merge(unit.getValue().stream().filter(entry -> entry.startMillis() >= sinceMillis)
                    .map(UnitJournal.Entry::counts).toList(), UnitJournal.Redo.REPEATS);
            if (unit.getKey().startsWith(PUTS)) {
                puts = puts.plus(merged);
            } else if (unit.getKey().startsWith(DELETES)) {
                deletes = deletes.plus(merged);
            }
        }
        return new LoadJob.Counts(puts.processed(), puts.skipped(), puts.done(), deletes.done(),
                puts.conditionFailed() + deletes.conditionFailed(), puts.failed() + deletes.failed(), 0,
                puts.writeUnits() + deletes.writeUnits());
    }
}

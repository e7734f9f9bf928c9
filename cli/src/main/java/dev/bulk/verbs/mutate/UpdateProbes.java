package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.engine.DeclaredUpdate;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.UpdateRequests;
import dev.bulk.scripts.ItemUpdate;
import dev.bulk.scripts.ItemUpdater;
import dev.bulk.scripts.ScriptRef;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * update's checks before the run: the update is tried on the first items of the table and
 * DynamoDB checks a few of the requests, each with an extra condition that cannot hold, so
 * nothing is written. An update DynamoDB rejects is then a usage error before the run, not a
 * failure on every item.
 */
final class UpdateProbes {
    private static final int SAMPLE_ITEMS = 25;
    private static final int PROBES = 3;

    private UpdateProbes() {
    }

    /** A Java updater: created, called on the sample, and a few of its updates checked by DynamoDB. */
    static void checkUpdater(ScriptRef updater, String flag, DynamoSession session, TableRef ref, TableRef writtenRef,
            TableInfo info, PrintStream err) {
        ItemUpdater instance;
        try {
            instance = updater.newInstance(ItemUpdater.class);
            instance.open(info.keySchema().names());
        } catch (RuntimeException e) {
            throw BulkException.usage(flag + ": cannot create it: " + JobFailures.rootMessage(e));
        }
        List<Map<String, AttributeValue>> sample = sample(session, ref, SAMPLE_ITEMS);
        int probes = 0;
        for (Map<String, AttributeValue> item : sample) {
            ItemUpdate update;
            try {
                update = instance.update(item);
            } catch (RuntimeException e) {
                throw BulkException.usage(flag + ": failed on a sample item (key " + info.keySchema().keyOf(item) + "): " + e);
            }
            if (update == null || probes >= PROBES) {
                continue;
            }
            UpdateItemRequest request;
            try {
                request = UpdateRequests.of(writtenRef.apiName(), info.keySchema(), update);
            } catch (IllegalArgumentException e) {
                throw BulkException.usage(flag + ": returned an invalid update for a sample item: " + e.getMessage());
            }
            probe(session, request, flag + ": DynamoDB rejects the update it returns for a sample item");
            probes++;
        }
        err.println(String.format("Updater '%s': tried on %d sample items; %d of its updates checked by DynamoDB.",
                updater.displayName(), sample.size(), probes));
    }

    /** A declarative update: DynamoDB checks it on the first item's key (an empty table has nothing to check). */
    static void checkDeclared(DeclaredUpdate declared, String flags, DynamoSession session, TableRef ref, TableRef writtenRef,
            TableInfo info) {
        for (Map<String, AttributeValue> item : sample(session, ref, 1)) {
            UpdateItemRequest request = UpdateRequests.of(writtenRef.apiName(), info.keySchema(),
                    declared.forKey(info.keySchema().keyOf(item)));
            probe(session, request, flags + ": DynamoDB rejects this update");
        }
    }

    private static List<Map<String, AttributeValue>> sample(DynamoSession session, TableRef ref, int items) {
        return session.firstItems(ref, items);
    }

    private static void probe(DynamoSession session, UpdateItemRequest request, String rejected) {
        Optional<String> refusal;
        try {
            refusal = session.rejectedUpdate(request);
        } catch (IllegalStateException e) {
            throw BulkException.failed(e.getMessage(), e);
        }
        if (refusal.isPresent()) {
            throw BulkException.usage(rejected + ": " + refusal.get());
        }
    }
}

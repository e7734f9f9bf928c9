package dev.bulk.verbs.admin;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoSession.IndexDefinition;
import dev.bulk.dynamo.DynamoSession.KeyAttribute;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.TableRef;
import dev.bulk.verbs.Console;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TargetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create-table", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates an on-demand table (and optional GSIs, projecting all attributes) and waits until it is ACTIVE.")
public final class CreateTableVerb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    TableOption tableOption;

    @Option(names = "--pk", required = true, paramLabel = "NAME:S|N|B", description = "Partition key and its type.")
    String partitionKey;

    @Option(names = "--sk", paramLabel = "NAME:S|N|B", description = "Sort key and its type (optional).")
    String sortKey;

    @Option(names = "--gsi", paramLabel = "INDEX:PK:TYPE[:SK:TYPE]",
            description = "A global secondary index, e.g. byStatus:status:S or byUser:user:S:ts:N (repeatable).")
    List<String> indexes = new ArrayList<>();

    @Override
    public Integer call() {
        String table = tableOption.table();
        if (!TableRef.validName(table)) {
            throw BulkException.usage("--table: '" + table + "' is not a valid table name (3-255 characters of A-Z a-z 0-9 _ . -)");
        }
        KeyAttribute pk = key("--pk", partitionKey);
        KeyAttribute sk = sortKey == null ? null : key("--sk", sortKey);
        List<IndexDefinition> gsis = new ArrayList<>();
        for (String index : indexes) {
            gsis.add(index(index));
        }
        ClientSettings settings = target.settings(TableRef.parse(table), Console.of(spec).err());
        new DynamoSession(settings).createTable(table, pk, sk, gsis);
        Console.of(spec).out().println("Created table '" + table + "' (on-demand; key " + pk.name() + ":" + pk.type()
                + (sk == null ? "" : ", " + sk.name() + ":" + sk.type()) + (gsis.isEmpty() ? "" : "; " + gsis.size() + " GSI")
                + ") at " + settings.describe());
        return ExitCodes.OK;
    }

    static KeyAttribute key(String flag, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw BulkException.usage(flag + ": '" + value + "' must be NAME:TYPE with TYPE one of S, N, B");
        }
        String type = value.substring(colon + 1).toUpperCase(java.util.Locale.ROOT);
        if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
            throw BulkException.usage(flag + ": '" + value + "' has type '" + value.substring(colon + 1)
                    + "'; key types are S, N or B");
        }
        return new KeyAttribute(value.substring(0, colon), type);
    }

    private static IndexDefinition index(String value) {
        String[] parts = value.split(":");
        if (parts.length != 3 && parts.length != 5) {
            throw BulkException.usage("--gsi: '" + value + "' must be INDEX:PK:TYPE or INDEX:PK:TYPE:SK:TYPE");
        }
        KeyAttribute pk = key("--gsi", parts[1] + ":" + parts[2]);
        KeyAttribute sk = parts.length == 5 ? key("--gsi", parts[3] + ":" + parts[4]) : null;
        return new IndexDefinition(parts[0], pk, sk);
    }
}

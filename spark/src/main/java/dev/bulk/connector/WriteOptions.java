package dev.bulk.connector;

import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.TableRef;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of a write to the {@code dynamodb} data source ({@code df.write().format("dynamodb")}),
 * validated into a serializable value whose messages name the offending key. The table, region,
 * profile, endpoint and credentials are taken exactly as {@link ReadOptions} takes them.
 *
 * @param table       the table (name or ARN)
 * @param client      how executors build their client
 * @param writeRate   write units per second for the whole job, or null for the table's ceiling
 * @param threads     requests in flight per task
 * @param condition   when a put may replace an existing item
 * @param failurePath folder for the JSON lines of items that could not be written, or null to fail the task instead
 * @param progressKey key of the {@link JobHooks} plugged in by the calling program, or null
 */
public record WriteOptions(TableRef table, ClientSettings client, Double writeRate, int threads, ItemPutter.Condition condition,
        String failurePath, String progressKey) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Write units per second for the whole job, across all executors (default: the table's ceiling, as the CLI's). */
    public static final String WRITE_RATE = "writeRate";
    /** Requests in flight per task, 1..64 (default 4). */
    public static final String WRITE_THREADS = "writeThreads";
    /** none (default: every row is put), absent (only where no item has the key) or newer (see {@link #CONDITION_COLUMN}). */
    public static final String CONDITION = "condition";
    /** With condition=newer: put where no item has the key or the existing item's value of this attribute is smaller. */
    public static final String CONDITION_COLUMN = "condition.column";
    /** Folder where items that could not be written are listed (JSON lines); without it such a task fails. */
    public static final String FAILURE_PATH = "failure.path";

    public static final int DEFAULT_THREADS = 4;
    private static final int MAX_THREADS = 64;

    public WriteOptions {
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(client, "client is null");
        Objects.requireNonNull(condition, "condition is null");
    }

    public static WriteOptions from(Map<String, String> options) {
        CaseInsensitiveStringMap map = options instanceof CaseInsensitiveStringMap c ? c : new CaseInsensitiveStringMap(options);
        String tableName = map.get(ReadOptions.TABLE);
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("option '" + ReadOptions.TABLE + "' is required (a table name or ARN)");
        }
        TableRef table = TableRef.parse(tableName);
        if (map.get(ReadOptions.INDEX) != null) {
            throw new IllegalArgumentException("option '" + ReadOptions.INDEX + "' is for reads: a write goes to the table");
        }
        Double rate = null;
        if (map.get(WRITE_RATE) != null) {
            rate = ReadOptions.number(map, WRITE_RATE, 0);
            if (!(rate > 0) || rate.isInfinite()) {
                throw new IllegalArgumentException("option '" + WRITE_RATE + "' must be a positive number of units per second, got '"
                        + map.get(WRITE_RATE) + "'");
            }
        }
        double threads = ReadOptions.number(map, WRITE_THREADS, DEFAULT_THREADS);
        if (threads < 1 || threads > MAX_THREADS || threads != Math.rint(threads)) {
            throw new IllegalArgumentException("option '" + WRITE_THREADS + "' must be a whole number from 1 to " + MAX_THREADS
                    + ", got '" + map.get(WRITE_THREADS) + "'");
        }
        String failurePath = map.get(FAILURE_PATH);
        if (failurePath != null && failurePath.isBlank()) {
            throw new IllegalArgumentException("option '" + FAILURE_PATH + "' must name a folder, got an empty value");
        }
        return new WriteOptions(table, ReadOptions.client(map, table), rate, (int) threads, condition(map), failurePath,
                map.get(ReadOptions.PROGRESS_KEY));
    }

    private static ItemPutter.Condition condition(CaseInsensitiveStringMap map) {
        String value = map.getOrDefault(CONDITION, "none").trim().toLowerCase(Locale.ROOT);
        String column = map.get(CONDITION_COLUMN);
        ItemPutter.Kind kind = switch (value) {
            case "none" -> ItemPutter.Kind.NONE;
            case "absent" -> ItemPutter.Kind.ABSENT;
            case "newer" -> ItemPutter.Kind.NEWER;
            default -> throw new IllegalArgumentException("option '" + CONDITION + "' must be none, absent or newer, got '"
                    + map.get(CONDITION) + "'");
        };
        if (kind == ItemPutter.Kind.NEWER && (column == null || column.isBlank())) {
            throw new IllegalArgumentException("option '" + CONDITION_COLUMN + "' is required with " + CONDITION
                    + "=newer (the attribute whose larger value wins)");
        }
        if (kind != ItemPutter.Kind.NEWER && column != null) {
            throw new IllegalArgumentException("option '" + CONDITION_COLUMN + "' is only for " + CONDITION + "=newer, got "
                    + CONDITION + "=" + value);
        }
        return new ItemPutter.Condition(kind, kind == ItemPutter.Kind.NEWER ? column.trim() : null);
    }
}

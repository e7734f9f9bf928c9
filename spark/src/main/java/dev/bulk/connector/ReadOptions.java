package dev.bulk.connector;

import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableRef;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of the {@code dynamodb} data source, with one typed home: the keys are constants
 * here, and {@link #from} turns a Spark option map into a validated, serializable value that
 * names the offending key in every message.
 *
 * @param table        the table (name or ARN)
 * @param index        a secondary index to read instead of the table, or null
 * @param client       how executors build their client
 * @param segments     parallel-scan segments, or 0 to plan them from the table's size
 * @param readRate     read units per second for the whole job (split across executors), or 0 when not given
 *                     (the scan then resolves it from the table, as the CLI does)
 * @param consistentRead strongly consistent reads
 * @param sampleSize   items sampled to infer the schema
 * @param pushdown     which pushdowns are allowed
 * @param progressKey  key of the calling program's {@link JobHooks}, or null
 */
public record ReadOptions(TableRef table, String index, ClientSettings client, int segments, double readRate,
        boolean consistentRead, int sampleSize, Pushdown pushdown, String progressKey) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Table name or ARN (required). */
    public static final String TABLE = "table";
    /** Secondary index (GSI or LSI) to scan or query instead of the table. */
    public static final String INDEX = "index";
    /** AWS region (default: the SDK's region chain; an ARN's region wins). */
    public static final String REGION = "region";
    /** Named AWS profile for credentials. */
    public static final String PROFILE = "profile";
    /** Endpoint override, e.g. http://127.0.0.1:8000 for DynamoDB Local. */
    public static final String ENDPOINT = "endpoint";
    /** "true" to use fixed dummy credentials (DynamoDB Local ignores them). */
    public static final String STATIC_CREDENTIALS = "staticCredentials";
    /** Parallel-scan segments, 1..1000000 (default: planned from the table's size). */
    public static final String SEGMENTS = "segments";
    /**
     * Read units per second for the whole job, across all executors (default: resolved as the CLI
     * resolves it: the table's provisioned read capacity, else the account's per-table quota).
     */
    public static final String READ_RATE = "readRate";
    /** "true" for strongly consistent reads. */
    public static final String CONSISTENT_READ = "consistentRead";
    /** Items sampled, spread over many segments, to infer the schema (default 1000). */
    public static final String SAMPLE_SIZE = "sampleSize";
    /** Key of the {@link JobHooks} the calling program plugged in (live progress, budgets); none: the defaults. */
    public static final String PROGRESS_KEY = "progressKey";
    /** Pushdown switches, each "true" (default) or "false". */
    public static final String PUSHDOWN_FILTERS = "pushdown.filters";
    public static final String PUSHDOWN_PROJECTION = "pushdown.projection";
    public static final String PUSHDOWN_COUNT = "pushdown.count";
    public static final String PUSHDOWN_LIMIT = "pushdown.limit";
    public static final String PUSHDOWN_TOPN = "pushdown.topN";
    public static final String PUSHDOWN_QUERY = "pushdown.query";

    public static final int DEFAULT_SAMPLE_SIZE = 1000;

    /** Which pushdowns the scan builder may use. */
    public record Pushdown(boolean filters, boolean projection, boolean count, boolean limit, boolean topN, boolean query)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public static Pushdown all() {
            return new Pushdown(true, true, true, true, true, true);
        }

        public static Pushdown none() {
            return new Pushdown(false, false, false, false, false, false);
        }
    }

    public ReadOptions {
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(client, "client is null");
        Objects.requireNonNull(pushdown, "pushdown is null");
    }

    public static ReadOptions from(Map<String, String> options) {
        CaseInsensitiveStringMap map = options instanceof CaseInsensitiveStringMap c ? c : new CaseInsensitiveStringMap(options);
        String tableName = map.get(TABLE);
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("option '" + TABLE + "' is required (a table name or ARN)");
        }
        TableRef table = TableRef.parse(tableName);
        ClientSettings client = client(map, table);
        int segments = (int) number(map, SEGMENTS, 0);
        if (segments != 0 && (segments < SegmentPlanner.MIN_SEGMENTS || segments > SegmentPlanner.MAX_SEGMENTS)) {
            throw new IllegalArgumentException("option '" + SEGMENTS + "' must be between 1 and 1000000, got " + segments);
        }
        double rate = number(map, READ_RATE, 0);
        if (rate < 0 || (map.containsKey(READ_RATE) && rate == 0)) {
            throw new IllegalArgumentException("option '" + READ_RATE + "' must be positive, got " + map.get(READ_RATE));
        }
        int sample = (int) number(map, SAMPLE_SIZE, DEFAULT_SAMPLE_SIZE);
        if (sample < 1) {
            throw new IllegalArgumentException("option '" + SAMPLE_SIZE + "' must be at least 1, got " + sample);
        }
        Pushdown pushdown = new Pushdown(bool(map, PUSHDOWN_FILTERS, true), bool(map, PUSHDOWN_PROJECTION, true),
                bool(map, PUSHDOWN_COUNT, true), bool(map, PUSHDOWN_LIMIT, true), bool(map, PUSHDOWN_TOPN, true),
                bool(map, PUSHDOWN_QUERY, true));
        String index = map.get(INDEX);
        return new ReadOptions(table, index == null || index.isBlank() ? null : index, client, segments, rate,
                bool(map, CONSISTENT_READ, false), sample, pushdown, map.get(PROGRESS_KEY));
    }

    /** How executors reach the table: an ARN's region wins over {@link #REGION}; reads and writes take these alike. */
    static ClientSettings client(CaseInsensitiveStringMap map, TableRef table) {
        String region = table.region() != null ? table.region() : map.get(REGION);
        boolean staticCredentials = bool(map, STATIC_CREDENTIALS, false);
        return new ClientSettings(staticCredentials && region == null ? "us-east-1" : region, map.get(PROFILE),
                map.get(ENDPOINT), staticCredentials, ClientSettings.DEFAULT_MAX_ATTEMPTS,
                ClientSettings.DEFAULT_CALL_TIMEOUT_MILLIS);
    }

    /** The same options as a Spark option map (what the CLI hands to {@code spark.read()}). */
    public static Map<String, String> toMap(String table, String index, ClientSettings client, Integer segments, double readRate,
            boolean consistentRead, Pushdown pushdown, String progressKey) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        map.put(TABLE, table);
        put(map, INDEX, index);
        put(map, REGION, client.region());
        put(map, PROFILE, client.profile());
        put(map, ENDPOINT, client.endpoint());
        map.put(STATIC_CREDENTIALS, Boolean.toString(client.staticCredentials()));
        if (segments != null) {
            map.put(SEGMENTS, Integer.toString(segments));
        }
        if (readRate > 0) {
            map.put(READ_RATE, Double.toString(readRate));
        }
        map.put(CONSISTENT_READ, Boolean.toString(consistentRead));
        map.put(PUSHDOWN_FILTERS, Boolean.toString(pushdown.filters()));
        map.put(PUSHDOWN_PROJECTION, Boolean.toString(pushdown.projection()));
        map.put(PUSHDOWN_COUNT, Boolean.toString(pushdown.count()));
        map.put(PUSHDOWN_LIMIT, Boolean.toString(pushdown.limit()));
        map.put(PUSHDOWN_TOPN, Boolean.toString(pushdown.topN()));
        map.put(PUSHDOWN_QUERY, Boolean.toString(pushdown.query()));
        put(map, PROGRESS_KEY, progressKey);
        return map;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static boolean bool(CaseInsensitiveStringMap map, String key, boolean fallback) {
        String value = map.get(key);
        if (value == null) {
            return fallback;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("option '" + key + "' must be true or false, got '" + value + "'");
        }
    }

    static double number(CaseInsensitiveStringMap map, String key, double fallback) {
        String value = map.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' must be a number, got '" + value + "'");
        }
    }
}

package dev.bulk.verbs.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulk.BulkException;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.load.JsonPathSubset;
import dev.bulk.engine.load.LoadSpec;
import dev.bulk.verbs.FormatOption;
import dev.bulk.verbs.S3Option;
import dev.bulk.verbs.S3PathOption;
import dev.bulk.verbs.TableOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * load's flags, with the reference's names, and which format each belongs to. A flag given for
 * a format it does not belong to is refused (exit 2) rather than silently ignored.
 */
final class LoadFlags {
    @Mixin
    TableOption tableOption;

    @Mixin
    FormatOption formatOption;

    @Mixin
    S3PathOption pathOption;

    @Mixin
    S3Option s3;

    @Option(names = "--removeEmptyStringAttributes", description = "Leave out top-level attributes whose value is the empty "
            + "string (all formats).")
    boolean removeEmptyStringAttributes;

    @Option(names = "--separator", paramLabel = "TEXT", description = "CSV: the field separator (default ,).")
    String separator;

    @Option(names = "--escaper", paramLabel = "CHAR", description = "CSV: the escape character, as Glue's: the character "
            + "after it is taken as it is, inside quoted values and outside them (a\\,b is the value a,b). Default: none; a quote inside a quoted value is doubled (RFC 4180), as "
            + "export --format csv writes it.")
    String escaper;

    @Option(names = "--quoteChar", paramLabel = "CHAR|-1", description = "CSV: the quote character (default \"); -1 turns "
            + "quoting off.")
    String quoteChar;

    @Option(names = {"--multiLine", "--multiline"}, paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "CSV: quoted values may span lines. JSON: each file is one JSON document (an array of records, or "
                    + "see --jsonPath) instead of one record per line.")
    Boolean multiLine;

    @Option(names = "--withHeader", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "CSV: the first line names the columns (the default).")
    Boolean withHeader;

    @Option(names = "--withoutHeader", description = "CSV: no header line; columns are col0, col1, …; needs --mappings.")
    Boolean withoutHeader;

    @Option(names = "--mappings", paramLabel = "FILE", description = "CSV: a JSON file {\"mappings\": [[source, sourceType, "
            + "target, targetType], …]} (Glue type names: string, int, long, bigint, double, decimal, boolean, binary, …): "
            + "only mapped columns are loaded, renamed and typed. Allowed with or without a header.")
    String mappings;

    @Option(names = "--skipFirst", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "CSV: skip the first data line of each file (after the header, if any).")
    Boolean skipFirst;

    @Option(names = "--jsonPath", paramLabel = "PATH", description = "JSON: the records to load in each document, e.g. "
            + "$.items[*] (supported: $, .name, ['name'], [N], [*], .*).")
    String jsonPath;

    @Option(names = "--compression", paramLabel = "CODEC", description = "Parquet: accepted for the reference's commands; "
            + "a writer option, it has no effect on reading (a warning says so).")
    String compression;

    @Option(names = "--blockSize", paramLabel = "N", description = "Parquet: as --compression (no effect on reading).")
    String blockSize;

    @Option(names = "--pageSize", paramLabel = "N", description = "Parquet: as --compression (no effect on reading).")
    String pageSize;

    @Option(names = "--merge-latest", paramLabel = "ORDER_COLUMN", description = "Keep only the newest record per primary "
            + "key (greatest ORDER_COLUMN; on a tie the later record in the input) and write it only where the table holds "
            + "no item or an older one (conditional PutItem).")
    String mergeLatest;

    @Option(names = "--delete-flag", paramLabel = "COLUMN", description = "With --merge-latest: where this column is true "
            + "(true/yes/1), delete the item instead, if the table's is older. The column itself is not written.")
    String deleteFlag;

    private static final Set<String> FORMATS = Set.of("csv", "json", "parquet", "ddb-json");

    /** The validated flags, ready to make a {@link LoadSpec} once the table's key is known. */
    record Checked(String format, String separator, String escaper, String quote, boolean multiLine, boolean header,
            boolean skipFirst, List<LoadSpec.Mapping> mappings, JsonPathSubset jsonPath, boolean removeEmpty) {
        LoadSpec spec(String uri, List<String> files, KeySchema keys, Map<String, String> fsSettings) {
            return new LoadSpec(format, uri, separator, escaper, quote, multiLine, header, skipFirst, mappings, jsonPath,
                    removeEmpty, keys, fsSettings, files);
        }
    }

    Checked check(PrintStream err) {
        String format = formatOption.required();
        String chosen = format.toLowerCase(java.util.Locale.ROOT);
        if (!FORMATS.contains(chosen)) {
            throw BulkException.usage("--format: unknown format '" + format + "' (choose csv, json, parquet or ddb-json)");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--separator", separator);
        given.put("--escaper", escaper);
        given.put("--quoteChar", quoteChar);
        given.put("--withHeader", withHeader);
        given.put("--withoutHeader", withoutHeader);
        given.put("--mappings", mappings);
        given.put("--skipFirst", skipFirst);
        given.put("--multiLine", multiLine);
        given.put("--jsonPath", jsonPath);
        given.put("--compression", compression);
        given.put("--blockSize", blockSize);
        given.put("--pageSize", pageSize);
        Set<String> allowed = switch (chosen) {
            case "csv" -> Set.of("--separator", "--escaper", "--quoteChar", "--withHeader", "--withoutHeader", "--mappings",
                    "--skipFirst", "--multiLine");
            case "json" -> Set.of("--jsonPath", "--multiLine");
            case "parquet" -> Set.of("--compression", "--blockSize", "--pageSize");
            default -> Set.of();
        };
        for (Map.Entry<String, Object> flag : given.entrySet()) {
            if (flag.getValue() != null && !allowed.contains(flag.getKey())) {
                throw BulkException.usage(flag.getKey() + " " + flag.getValue() + ": not an option of --format " + chosen
                        + (allowed.isEmpty() ? " (it takes only --removeEmptyStringAttributes)" : " (its options: "
                                + String.join(", ", new java.util.TreeSet<>(allowed)) + ", --removeEmptyStringAttributes)"));
            }
        }
        for (String writerOption : List.of("--compression", "--blockSize", "--pageSize")) {
            if (given.get(writerOption) != null) {
                err.println("bulk: warning: " + writerOption + " " + given.get(writerOption) + " is a Parquet writer option; "
                        + "it has no effect on reading and is ignored");
            }
        }
        if (separator != null && separator.isEmpty()) {
            throw BulkException.usage("--separator: must not be empty");
        }
        if (escaper != null && escaper.length() != 1) {
            throw BulkException.usage("--escaper '" + escaper + "': must be one character");
        }
        String quote = null;
        if (quoteChar != null) {
            if (quoteChar.equals("-1")) {
                quote = "";
            } else if (quoteChar.length() == 1) {
                quote = quoteChar;
            } else {
                throw BulkException.usage("--quoteChar '" + quoteChar + "': must be one character, or -1 to turn quoting off");
            }
        }
        if (withoutHeader != null && withoutHeader && Boolean.TRUE.equals(withHeader)) {
            throw BulkException.usage("--withoutHeader: cannot be combined with --withHeader");
        }
        boolean header = !(Boolean.TRUE.equals(withoutHeader) || Boolean.FALSE.equals(withHeader));
        if (!header && mappings == null) {
            throw BulkException.usage("--withoutHeader: needs --mappings FILE (without a header the columns are only col0, "
                    + "col1, …; the mappings name and type them)");
        }
        JsonPathSubset path = null;
        if (jsonPath != null) {
            try {
                path = JsonPathSubset.parse(jsonPath);
            } catch (IllegalArgumentException e) {
                throw BulkException.usage("--jsonPath '" + jsonPath + "': " + e.getMessage());
            }
        }
        if (deleteFlag != null && mergeLatest == null) {
            throw BulkException.usage("--delete-flag " + deleteFlag + ": only with --merge-latest ORDER_COLUMN");
        }
        if (mergeLatest != null && mergeLatest.equals(deleteFlag)) {
            throw BulkException.usage("--delete-flag " + deleteFlag + ": must differ from the --merge-latest column");
        }
        return new Checked(chosen, separator, escaper, quote, Boolean.TRUE.equals(multiLine), header,
                Boolean.TRUE.equals(skipFirst), mappings == null ? null : readMappings(mappings), path,
                removeEmptyStringAttributes);
    }

    /** The reference's mappings file: {"mappings": [[source, sourceType, target, targetType], …]}. */
    static List<LoadSpec.Mapping> readMappings(String file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(Paths.get(file)));
        } catch (IOException e) {
            throw BulkException.usage("--mappings " + file + ": cannot read it: " + JobFailures.rootMessage(e));
        }
        JsonNode list = root == null ? null : root.get("mappings");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw BulkException.usage("--mappings " + file + ": expected {\"mappings\": [[source, sourceType, target, "
                    + "targetType], …]}");
        }
        List<LoadSpec.Mapping> mappings = new ArrayList<>();
        Set<String> targets = new java.util.HashSet<>();
        for (JsonNode entry : list) {
            if (!entry.isArray() || entry.size() != 4) {
                throw BulkException.usage("--mappings " + file + ": each mapping is [source, sourceType, target, targetType], "
                        + "got " + entry);
            }
            LoadSpec.Mapping mapping = new LoadSpec.Mapping(entry.get(0).asText(), entry.get(1).asText(), entry.get(2).asText(),
                    entry.get(3).asText());
            if (!dev.bulk.engine.load.CsvMappings.knownType(mapping.targetType())) {
                throw BulkException.usage("--mappings " + file + ": unknown type '" + mapping.targetType() + "' for "
                        + mapping.source() + " (use string, int, long, bigint, double, float, decimal, boolean, binary, …)");
            }
            if (!targets.add(mapping.target())) {
                throw BulkException.usage("--mappings " + file + ": attribute '" + mapping.target() + "' is mapped twice");
            }
            mappings.add(mapping);
        }
        return mappings;
    }

    /** --s3-path as given. */
    String path() {
        return pathOption.path();
    }

    /** --format as given (checked by {@link #check}). */
    String format() {
        return formatOption.required();
    }
}

package dev.bulk.engine.load;

import dev.bulk.dynamo.KeySchema;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a load reads and how, as plain data for the tasks.
 *
 * @param format csv, json, parquet or ddb-json
 * @param quote the CSV quote character, "" to disable quoting, null for Spark's default (")
 * @param mappings CSV column mappings (null: every column as a string attribute of its name)
 * @param jsonPath the JSON records to select (null: each document, or each element of a top-level array)
 * @param fsSettings the driver's fs.* settings (S3 endpoint and credentials), for executors
 * @param files the data files to read when not all of {@code path} is data (a run folder's own files
 *        left out), or null to read {@code path} as Spark reads a folder
 */
public record LoadSpec(String format, String path, String separator, String escaper, String quote, boolean multiLine,
        boolean header, boolean skipFirst, List<Mapping> mappings, JsonPathSubset jsonPath, boolean removeEmptyStrings,
        KeySchema keys, Map<String, String> fsSettings, List<String> files) implements Serializable {
    private static final long serialVersionUID = 1L;

    public LoadSpec {
        mappings = mappings == null ? null : List.copyOf(mappings);
        fsSettings = Map.copyOf(fsSettings);
        files = files == null ? null : List.copyOf(files);
    }

    /** What Spark's readers are given: the data files, or the path. */
    public String[] inputs() {
        return files == null ? new String[] {path} : files.toArray(new String[0]);
    }

    /** One CSV column mapping, the reference's [source, sourceType, target, targetType]. */
    public record Mapping(String source, String sourceType, String target, String targetType) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}

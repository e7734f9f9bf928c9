package dev.bulk.verbs.s3export;

import dev.bulk.verbs.S3Option;
import dev.bulk.verbs.S3PathOption;
import dev.bulk.verbs.ScriptsDirOption;
import dev.bulk.verbs.TableOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of load-export and revert-export: the table, the export, an optional transform and where scripts are. */
final class ExportFlags {
    @Mixin
    TableOption table;

    @Mixin
    S3PathOption s3Path;

    @Option(names = "--transform", paramLabel = "NAME|FILE.java", description = "Transform each record first: a single-file "
            + "Java source at scripts/transform/NAME.java (or a path) implementing dev.bulk.scripts.ExportTransform.")
    String transform;

    @Mixin
    ScriptsDirOption scripts;

    @Mixin
    S3Option s3;

    /** The transform's name or file; a name given with the reference's ".py" is the Java transform of that name. */
    String transform() {
        return transform != null && transform.endsWith(".py") ? transform.substring(0, transform.length() - 3) : transform;
    }

    /** The flags that decide what a run writes; --resume refuses a command that differs. */
    Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", table.table());
        flags.put("--s3-path", s3Path.path());
        flags.put("--transform", transform());
        return flags;
    }
}

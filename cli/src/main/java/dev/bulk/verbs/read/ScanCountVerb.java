package dev.bulk.verbs.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableRef;
import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.IndexOption;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.SampleOptions;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "scancount", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Counts items with a parallel Select=COUNT scan (optionally of an index, with a DynamoDB filter).",
                "With --sample-fraction, scans only some segments and estimates the total with a 95%% confidence interval."})
public final class ScanCountVerb extends TableVerb {
    private static final Pattern NAME_PLACEHOLDER = Pattern.compile("#[A-Za-z0-9_]+");
    private static final Pattern VALUE_PLACEHOLDER = Pattern.compile(":[A-Za-z0-9_]+");

    @Mixin
    ReadRateOptions readRates;

    @Mixin
    TableOption tableOption;

    @Mixin
    IndexOption indexOption;

    @Option(names = "--filter-expression", paramLabel = "EXPR",
            description = "DynamoDB FilterExpression, e.g. \"#touched > :touched\" (DynamoDB syntax, not SQL).")
    String filterExpression;

    @Option(names = "--expression-names", paramLabel = "JSON", description = "Placeholder names as JSON: '{\"#touched\": \"touched\"}'.")
    String expressionNames;

    @Option(names = "--expression-values", paramLabel = "JSON",
            description = "Placeholder values as plain JSON (numbers exact, not DynamoDB JSON): '{\":touched\": 1742359403.0}'.")
    String expressionValues;

    @Mixin
    SegmentsOption segmentsOption;

    @Option(names = "--per-segment", description = "Print each segment's count, its share, and the skew ratio.")
    boolean perSegment;

    @Mixin
    SampleOptions sample;

    @Mixin
    ConsistentReadOption consistentRead;

    private Map<String, String> names;
    private Map<String, AttributeValue> values;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    protected void validate() {
        readRates.validate();
        segmentsOption.validate();
        sample.validate();
        names = parseNames(expressionNames);
        values = parseValues(expressionValues);
        if (filterExpression == null) {
            if (names != null || values != null) {
                throw BulkException.usage("--expression-names/--expression-values given without --filter-expression");
            }
            return;
        }
        checkPlaceholders(filterExpression, NAME_PLACEHOLDER, names == null ? null : names.keySet(), "--expression-names");
        checkPlaceholders(filterExpression, VALUE_PLACEHOLDER, values == null ? null : values.keySet(), "--expression-values");
    }

    @Override
    protected int execute(RunContext run) {
        TableRef ref = Tables.parseTable("--table", tableOption.table());
        tables().chooseEngine(null);
        Tables.ReadTarget table = tables().openForRead(ref, indexOption.index(), readRates);
        int total = tables().segmentCount(segmentsOption.segments(), table.info());
        List<Integer> chosen = sample.choose(total);
        ScanSpec spec = plan(table, total, chosen);
        if (dryRun()) {
            err().println("--dry-run: nothing scanned.");
            return ExitCodes.OK;
        }
        List<SegmentCount> counts = CountPlan.run(tables(), run, table.settings(), spec, chosen, table.rate().rate(),
                (long) (table.info().itemCount() * (double) chosen.size() / total));
        return report(run, counts, chosen.size(), total);
    }

    /** The count's scan, its segments and its cost printed; DynamoDB checks the filter expression before any scan. */
    private ScanSpec plan(Tables.ReadTarget table, int total, List<Integer> chosen) {
        if (chosen.size() < total) {
            err().println("Sampling " + SampleOptions.percent((double) chosen.size() / total) + "% of segments ("
                    + chosen.size() + " of " + total + " total)");
        }
        err().println("Segments: " + total + (segmentsOption.segments() == null ? " (planned)" : " (--segments)"));
        double units = CostEstimate.scanUnits((long) Math.ceil(table.info().sizeBytes() * (double) chosen.size() / total),
                consistentRead.consistentRead());
        tables().printReadCost(readRates, units, table.info(), table.rate(), chosen.size() < total
                ? "read units for this partial scan" : "read units for a full scan");
        ScanSpec spec = ScanSpec.count(Tables.parseTable("--table", tableOption.table()), indexOption.index(), total)
                .withFilter(filterExpression, names, values).withConsistentRead(consistentRead.consistentRead());
        CountPlan.checkExpressions(table.settings(), spec);
        return spec;
    }

    /** The total, or the estimate of a sample, and with --per-segment each segment's count. */
    private int report(RunContext run, List<SegmentCount> counts, int scanned, int total) {
        long counted = CountPlan.total(counts);
        run.count("counted", counted);
        run.count("segmentsScanned", counts.size());
        run.count("totalSegments", total);
        SegmentReport report = new SegmentReport(counts, total);
        // The reference's order: a full count comes before its table, a sample's table before its estimate.
        if (scanned == total) {
            out().println(String.format("Total records counted: %,d", counted));
            if (perSegment) {
                report.printTable(out());
            }
        } else {
            if (perSegment) {
                report.printTable(out());
            }
            SegmentReport.Estimate estimate = report.estimate();
            run.count("estimatedTotal", estimate.total());
            report.printEstimate(out(), estimate, perSegment);
        }
        return ExitCodes.OK;
    }

    private static Map<String, String> parseNames(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = parseObject("--expression-names", json);
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw BulkException.usage("--expression-names: the value of '" + field.getKey() + "' must be a string");
            }
            map.put(field.getKey(), field.getValue().textValue());
        }
        return map;
    }

    private static Map<String, AttributeValue> parseValues(String json) {
        if (json == null) {
            return null;
        }
        return AttributeValues.mapFromJson(parseObject("--expression-values", json));
    }

    private static JsonNode parseObject(String flag, String json) {
        JsonNode node;
        try {
            node = AttributeValues.parseJson(json);
        } catch (IllegalArgumentException e) {
            throw BulkException.usage(flag + ": invalid JSON '" + json + "': " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw BulkException.usage(flag + ": must be a JSON object, got '" + json + "'");
        }
        return node;
    }

    private static void checkPlaceholders(String expression, Pattern pattern, java.util.Set<String> defined, String flag) {
        Matcher matcher = pattern.matcher(expression);
        while (matcher.find()) {
            String placeholder = matcher.group();
            if (defined == null) {
                throw BulkException.usage("--filter-expression uses " + placeholder + " and so requires " + flag);
            }
            if (!defined.contains(placeholder)) {
                throw BulkException.usage("--filter-expression uses " + placeholder + " but " + flag + " has no '"
                        + placeholder + "' (it has " + defined + ")");
            }
        }
    }
}

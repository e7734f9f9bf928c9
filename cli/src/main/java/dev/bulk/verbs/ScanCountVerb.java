package dev.bulk.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import dev.bulk.output.RunContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
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

    @Option(names = "--sample-fraction", paramLabel = "F",
            description = "Scan only this fraction (0 < F <= 1) of the segments and estimate the total.")
    Double sampleFraction;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for choosing and ordering segments (reproducible samples).")
    Long seed;

    @Option(names = "--consistent-read", description = "Strongly consistent reads (twice the read units).")
    boolean consistentRead;

    private Map<String, String> names;
    private Map<String, AttributeValue> values;

    @Override
    void validate() {
        rates.validate();
        engine.settings();
        segmentsOption.validate();
        if (sampleFraction != null && !(sampleFraction > 0 && sampleFraction <= 1)) {
            throw BulkException.usage("--sample-fraction: must be > 0 and <= 1.0, got " + sampleFraction);
        }
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
    int execute(RunContext run) {
        TableRef ref = parseTable(tableOption.table);
        ReadTarget target = openForRead(ref, indexOption.index);
        ClientSettings settings = target.settings();
        TableInfo info = target.info();
        Throughput rate = target.rate();

        int total = segmentCount(segmentsOption.segments, info);
        double fraction = sampleFraction == null ? 1.0 : sampleFraction;
        long randomSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        List<Integer> chosen = fraction < 1
                ? SegmentPlanner.sample(total, fraction, randomSeed)
                : SegmentPlanner.shuffled(total, randomSeed);
        if (fraction < 1) {
            err().println("Sampling " + percent((double) chosen.size() / total) + "% of segments (" + chosen.size() + " of "
                    + total + " total)");
        }
        err().println("Segments: " + total + (segmentsOption.segments == null ? " (planned)" : " (--segments)"));
        double units = CostEstimate.scanUnits((long) Math.ceil(info.sizeBytes() * (double) chosen.size() / total), consistentRead);
        printCost(Throughput.Mode.READ, units, info, rate, chosen.size() < total ? "read units for this partial scan" : "read units for a full scan");
        ScanSpec spec = ScanSpec.count(ref, indexOption.index, total).withFilter(filterExpression, names, values)
                .withConsistentRead(consistentRead);
        CountPlan.checkExpressions(settings, spec);
        if (runOptions.dryRun) {
            err().println("--dry-run: nothing scanned.");
            return ExitCodes.OK;
        }

        SparkSession spark = spark();
        List<SegmentCount> counts = CountPlan.run(spark, run, settings, spec, chosen, rate.rate(),
                (long) (info.itemCount() * (double) chosen.size() / total), engine.settings().timeout());
        long counted = CountPlan.total(counts);
        run.count("counted", counted);
        run.count("segmentsScanned", counts.size());
        run.count("totalSegments", total);
        SegmentReport report = new SegmentReport(counts, total);
        if (perSegment) {
            report.printTable(out());
        }
        if (chosen.size() == total) {
            out().println(String.format("Total records counted: %,d", counted));
        } else {
            SegmentReport.Estimate estimate = report.estimate();
            run.count("estimatedTotal", estimate.total());
            report.printEstimate(out(), estimate, perSegment);
        }
        return ExitCodes.OK;
    }

    static TableRef parseTable(String value) {
        return parseTable("--table", value);
    }

    static String percent(double fraction) {
        String text = String.format("%.3f", fraction * 100);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
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

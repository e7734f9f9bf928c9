package dev.bulk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import dev.bulk.testing.LocalDynamo;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** --verbose ends with where the command's time went: its fixed costs as spans on one clock. */
class TimelineTest {
    private static final Pattern SPAN = Pattern.compile("(?m)^ +(\\d+\\.\\d\\d) +(\\d+\\.\\d\\d)  (.+)$");
    private static final Pattern TOTAL = Pattern.compile("(?m)^  total (\\d+\\.\\d\\d) s; in none of the spans above .*: "
            + "(-?\\d+\\.\\d\\d) s$");

    @Test
    void verboseCountSaysWhereItsTimeWent() {
        String table = LocalDynamo.uniqueTable("timeline");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        Cli.Result result = Cli.local("count", "--table", table, "--verbose");
        assertThat(result.exitCode()).as(result.all()).isZero();
        String err = result.err().substring(result.err().indexOf("Where the time went"));

        Matcher span = SPAN.matcher(err);
        double previousStart = 0;
        double lastEnd = 0;
        List<String> names = new java.util.ArrayList<>();
        while (span.find()) {
            double start = Double.parseDouble(span.group(1));
            assertThat(start).as("spans by start").isGreaterThanOrEqualTo(previousStart);
            previousStart = start;
            lastEnd = Math.max(lastEnd, start + Double.parseDouble(span.group(2)));
            names.add(span.group(3));
        }
        // (No "Spark session stop" here: in-process tests share one session, which a verb leaves running.)
        // A plain count runs on the direct engine: no Spark session is started at all.
        assertThat(names).contains("reading the command line", "DescribeTable " + table, "direct job: count " + table)
                .noneMatch(name -> name.startsWith("Spark"));
        Matcher total = TOTAL.matcher(err);
        assertThat(total.find()).as(err).isTrue();
        // Rounded to hundredths: the total covers every span, and what no span covers is at most the total.
        assertThat(Double.parseDouble(total.group(1))).isGreaterThanOrEqualTo(lastEnd - 0.02);
        assertThat(Double.parseDouble(total.group(2))).isBetween(-0.01, Double.parseDouble(total.group(1)));
    }

    @Test
    void onSparkTheTimelineShowsTheSessionAndTheSparkJob() {
        String table = LocalDynamo.uniqueTable("timeline-spark");
        assertThat(Cli.local("create-table", "--table", table, "--pk", "pk:S").exitCode()).isZero();
        Cli.Result result = Cli.local("count", "--table", table, "--verbose", "--engine", "spark");
        assertThat(result.exitCode()).as(result.all()).isZero();
        String err = result.err().substring(result.err().indexOf("Where the time went"));
        List<String> names = new java.util.ArrayList<>();
        Matcher span = SPAN.matcher(err);
        while (span.find()) {
            names.add(span.group(3));
        }
        assertThat(names).contains("Spark session start (in the background)", "Spark job: count " + table);
    }

    @Test
    void withoutVerboseThereIsNoTimeline() {
        Cli.Result result = Cli.run("count", "--table", "x", "--limit", "-1");
        assertThat(result.err()).doesNotContain("Where the time went");
    }
}

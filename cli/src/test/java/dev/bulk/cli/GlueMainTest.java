package dev.bulk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Glue-shaped argument arrays: Glue's own arguments, some without values, around --bulk-args. */
class GlueMainTest {
    @Test
    void takesBulksCommandLineFromAmongGlueArguments() {
        String[] glue = {"--JOB_ID", "j_1", "--enable-metrics", "--bulk-args",
            "count --table my-table --where \"a > b and ts < '2024'\" --XMaxReadRate 100", "--JOB_RUN_ID", "jr_1",
            "--job-bookmark-option", "job-bookmark-disable", "--TempDir", "s3://b/tmp"};
        assertThat(GlueMain.bulkArgs(glue)).containsExactly("count", "--table", "my-table", "--where",
                "a > b and ts < '2024'", "--XMaxReadRate", "100", "--output", "s3://b/tmp/bulk/jr_1");
    }

    @Test
    void theLastBulkArgsWinsAndTheEqualsFormWorks() {
        assertThat(GlueMain.bulkArgs(new String[] {"--bulk-args", "scancount --table a", "--bulk-args=scancount --table b --output /x"}))
                .containsExactly("scancount", "--table", "b", "--output", "/x");
    }

    @Test
    void aJsonArrayNeedsNoQuoting() {
        assertThat(GlueMain.bulkArgs(new String[] {"--bulk-args", "[\"find\",\"--where\",\"s = 'it''s'\"]", "--enable-glue-datacatalog"}))
                .containsExactly("find", "--where", "s = 'it''s'");
    }

    @Test
    void shellQuotingRules() {
        assertThat(GlueMain.split("a 'b c' \"d \\\"e\\\" \\\\ f\" g\\ h ''")).isEqualTo(List.of("a", "b c", "d \"e\" \\ f", "g h", ""));
    }

    @Test
    void refusesWhatCannotWorkOnGlue() {
        assertThatThrownBy(() -> GlueMain.bulkArgs(new String[] {"--JOB_ID", "x"})).hasMessageContaining("--bulk-args is required");
        assertThatThrownBy(() -> GlueMain.bulkArgs(new String[] {"--bulk-args", "count --table t --local"}))
                .hasMessageContaining("--local");
        assertThatThrownBy(() -> GlueMain.bulkArgs(new String[] {"--bulk-args", "count --table t --master=yarn"}))
                .hasMessageContaining("--master");
        assertThatThrownBy(() -> GlueMain.bulkArgs(new String[] {"--bulk-args", "quickstart"})).hasMessageContaining("quickstart");
        assertThatThrownBy(() -> GlueMain.bulkArgs(new String[] {"--bulk-args", "count --where 'a"})).hasMessageContaining("unbalanced");
    }
}

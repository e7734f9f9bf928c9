package dev.bulk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reading the version off a standalone master's web UI. The headers below are cut from the pages real masters served
 * (Spark 3.5.9 and 4.2.0, started by hand): the two lines mark the version element differently, and a pattern written
 * for one line's page alone skipped the check for the other's. The cluster tests run the check against live masters.
 */
class MasterVersionTest {
    private static final String SPARK_35_HEADER = """
            <h3 style="vertical-align: middle; display: inline-block;">
              <a style="text-decoration: none" href="/">
                <img src="/static/spark-logo-77x50px-hd.png"/>
                <span class="version" style="margin-right: 15px;">3.5.9</span>
              </a>
              Spark Master at spark://127.0.0.1:17077
            </h3>
            """;
    private static final String SPARK_42_HEADER = """
            <h3 class="align-middle d-inline-block">
              <a class="text-decoration-none" href="/">
                <img class="spark-logo" src="/static/spark-logo.svg" alt="Spark Logo" height="36"/>
                <span class="version me-3">4.2.0</span>
              </a>
              Spark Master at spark://127.0.0.1:17078
            """;

    @Test
    void readsTheVersionFromTheHeaderOfEitherLine() {
        assertThat(MasterVersion.versionIn(SPARK_35_HEADER)).isEqualTo("3.5.9");
        assertThat(MasterVersion.versionIn(SPARK_42_HEADER)).isEqualTo("4.2.0");
    }

    @Test
    void aPageWithoutTheVersionElementShowsNone() {
        // Spark 4's footer repeats the version in a bare span; only the header's marked element counts
        assertThat(MasterVersion.versionIn("<footer><span>4.2.0</span></footer>")).isNull();
        assertThat(MasterVersion.versionIn("<span class=\"versions-list\">1.0</span><p class=\"subversion\">2.0</p>")).isNull();
        assertThat(MasterVersion.versionIn("<html><body>It works!</body></html>")).isNull();
    }

    @Test
    void theLineIsMajorAndMinor() {
        assertThat(MasterVersion.line("3.5.9")).isEqualTo("3.5");
        assertThat(MasterVersion.line("4.2.0-preview1")).isEqualTo("4.2");
    }
}

package dev.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.engine.JobRunner;
import dev.bulk.testing.PackageGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark module's package rules of docs/ARCHITECTURE.md, read from its compiled classes: no two
 * packages depend on each other, the connector depends on no job, output or script package, and the
 * engine's capability sub-packages depend on the engine (the runner and the resumable units) but not on
 * each other, nor the engine on them.
 */
class PackageLayersTest {
    private static PackageGraph graph;

    @BeforeAll
    static void readClasses() {
        graph = PackageGraph.of(JobRunner.class);
    }

    @Test
    void jdepsSawTheKnownDependencies() {
        // Without these the rules below would hold for an empty graph.
        assertThat(graph.dependencies("dev.bulk.engine.load")).contains("dev.bulk.engine", "dev.bulk.connector");
        assertThat(graph.dependencies("dev.bulk.connector")).contains("dev.bulk.dynamo");
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        assertThat(graph.cycles()).isEmpty();
    }

    @Test
    void theConnectorDependsOnNoJobOutputOrScript() {
        assertThat(graph.edges("dev.bulk.connector", "dev.bulk.engine", "dev.bulk.output", "dev.bulk.scripts")).isEmpty();
    }

    @Test
    void theEngineDependsOnNoneOfItsSubPackages() {
        assertThat(graph.dependencies("dev.bulk.engine")).noneMatch(to -> to.startsWith("dev.bulk.engine."));
    }

    @Test
    void noEngineSubPackageDependsOnAnother() {
        assertThat(graph.edges("dev.bulk.engine.", "dev.bulk.engine.")).isEmpty();
    }
}

package dev.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.cli.Main;
import dev.bulk.dynamo.TableRef;
import dev.bulk.engine.JobRunner;
import dev.bulk.testing.PackageGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers across the three code modules, read from their compiled classes: CLI → Spark jobs and
 * connector → DynamoDB core, never back. The Maven enforcer rules guard the module boundaries (core sees
 * no Spark or picocli, the Spark module no CLI); this guards the packages inside and across them. The
 * Spark module's own rules are its PackageLayersTest.
 */
class ArchitectureTest {
    private static PackageGraph graph;

    @BeforeAll
    static void readClasses() {
        graph = PackageGraph.of(TableRef.class, JobRunner.class, Main.class);
    }

    @Test
    void jdepsSawTheKnownDependencies() {
        // Without these the rules below would hold for an empty graph.
        assertThat(graph.dependencies("dev.bulk.connector")).contains("dev.bulk.dynamo");
        assertThat(graph.packages()).anyMatch(p -> p.startsWith("dev.bulk.verbs"));
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        assertThat(graph.cycles()).isEmpty();
    }

    @Test
    void theCoreDependsOnNothingAboveIt() {
        for (String core : graph.packages()) {
            if (isCore(core)) {
                assertThat(graph.dependencies(core)).as(core).allMatch(ArchitectureTest::isCore);
            }
        }
    }

    @Test
    void theConnectorIsALibraryOverTheCore() {
        assertThat(graph.dependencies("dev.bulk.connector")).allMatch(ArchitectureTest::isCore);
    }

    private static boolean isCore(String pkg) {
        return pkg.equals("dev.bulk") || pkg.startsWith("dev.bulk.dynamo") || pkg.startsWith("dev.bulk.local");
    }

    @Test
    void nothingDependsOnTheEntryPoints() {
        assertThat(graph.edges("dev.bulk", "dev.bulk.cli")).allMatch(edge -> edge.startsWith("dev.bulk.cli -> "));
    }

    @Test
    void theVerbsSharedPackageDependsOnNoVerb() {
        assertThat(graph.dependencies("dev.bulk.verbs")).noneMatch(p -> p.startsWith("dev.bulk.verbs."));
    }

    @Test
    void noVerbCapabilityDependsOnAnother() {
        assertThat(graph.packages()).contains("dev.bulk.verbs.read", "dev.bulk.verbs.mutate");
        assertThat(graph.edges("dev.bulk.verbs.", "dev.bulk.verbs.")).isEmpty();
    }
}

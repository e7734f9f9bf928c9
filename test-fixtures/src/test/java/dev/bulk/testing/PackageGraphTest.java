package dev.bulk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules the architecture tests state are only as good as the graph's answers. */
class PackageGraphTest {
    private final PackageGraph graph = new PackageGraph(Map.of(
            "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a", "e.x"), "e.y", Set.of("e.x")));

    @Test
    void aCycleThroughAThirdPackageIsFoundForEveryPair() {
        assertThat(graph.cycles()).containsExactlyInAnyOrder("a <-> b", "a <-> c", "b <-> c");
    }

    @Test
    void edgesAreMatchedByPrefix() {
        assertThat(graph.edges("e.", "e.")).containsExactly("e.y -> e.x");
        assertThat(graph.edges("d", "e", "b")).containsExactly("d -> e.x");
    }

    @Test
    void jdepsReadsTheseClasses() {
        PackageGraph fixtures = PackageGraph.of(PackageGraph.class, dev.bulk.dynamo.TableRef.class);
        assertThat(fixtures.dependencies("dev.bulk.testing")).contains("dev.bulk.dynamo");
        assertThat(fixtures.cycles()).isEmpty();
    }
}

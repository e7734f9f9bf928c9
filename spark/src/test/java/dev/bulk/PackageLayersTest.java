package dev.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.engine.JobRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, read from the compiled classes with the JDK's jdeps
 * (so a reference in a method body counts as much as an import): no two packages depend on each
 * other, the connector depends on no job, output or script package, and the engine's capability
 * sub-packages depend on the engine (the runner and the resumable units) but not on each other,
 * nor the engine on them.
 */
class PackageLayersTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.bulk[\\w.]*)\\s+->\\s+(dev\\.bulk[\\w.]*)\\s");
    private static final Map<String, Set<String>> DEPENDS = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws Exception {
        Path classes = Path.of(JobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("the tests run on a JDK without jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "-verbose:package", "-filter:none", classes.toString());
        assertThat(status).as("jdeps: %s", err).isZero();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                DEPENDS.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
            }
        }
    }

    @Test
    void jdepsSawTheKnownDependencies() {
        // Without these the rules below would hold for an empty graph.
        assertThat(DEPENDS.get("dev.bulk.engine.load")).contains("dev.bulk.engine", "dev.bulk.connector");
        assertThat(DEPENDS.get("dev.bulk.connector")).contains("dev.bulk.dynamo");
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        List<String> cycles = new ArrayList<>();
        for (String from : DEPENDS.keySet()) {
            for (String to : reachable(from)) {
                if (from.compareTo(to) < 0 && reachable(to).contains(from)) {
                    cycles.add(from + " <-> " + to);
                }
            }
        }
        assertThat(cycles).isEmpty();
    }

    @Test
    void theConnectorDependsOnNoJobOutputOrScript() {
        assertThat(edges("dev.bulk.connector", "dev.bulk.engine", "dev.bulk.output", "dev.bulk.scripts")).isEmpty();
    }

    @Test
    void theEngineDependsOnNoneOfItsSubPackages() {
        assertThat(DEPENDS.getOrDefault("dev.bulk.engine", Set.of()))
                .noneMatch(to -> to.startsWith("dev.bulk.engine."));
    }

    @Test
    void noEngineSubPackageDependsOnAnother() {
        assertThat(edges("dev.bulk.engine.", "dev.bulk.engine.")).isEmpty();
    }

    /** The edges from a package starting with {@code from} to one starting with any of {@code to}. */
    private static List<String> edges(String from, String... to) {
        List<String> found = new ArrayList<>();
        DEPENDS.forEach((source, targets) -> {
            if (source.startsWith(from)) {
                for (String target : targets) {
                    for (String prefix : to) {
                        if (target.startsWith(prefix)) {
                            found.add(source + " -> " + target);
                        }
                    }
                }
            }
        });
        return found;
    }

    private static Set<String> reachable(String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(DEPENDS.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String pkg = next.pop();
            if (seen.add(pkg)) {
                next.addAll(DEPENDS.getOrDefault(pkg, Set.of()));
            }
        }
        return seen;
    }
}

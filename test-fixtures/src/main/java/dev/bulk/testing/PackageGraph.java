package dev.bulk.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
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

/**
 * Which {@code dev.bulk} package depends on which, as the JDK's jdeps reads it from compiled classes
 * (a reference in a method body counts as much as an import). The architecture tests state their
 * rules over it. jdeps reads the constant pool, so a class named only inside an annotation (picocli's
 * {@code subcommands = {...}}) is not an edge.
 */
public final class PackageGraph {
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.bulk[\\w.]*)\\s+->\\s+(dev\\.bulk[\\w.]*)\\s");

    private final Map<String, Set<String>> depends;

    public PackageGraph(Map<String, Set<String>> depends) {
        this.depends = depends;
    }

    /** The graph of the classes where each of these classes was loaded from (a classes folder or a jar). */
    public static PackageGraph of(Class<?>... anchors) {
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        for (Class<?> anchor : anchors) {
            args.add(location(anchor));
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("the tests run on a JDK without jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("jdeps " + args + " failed (" + status + "): " + err);
        }
        Map<String, Set<String>> depends = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                depends.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
            }
        }
        return new PackageGraph(depends);
    }

    /** The packages this one depends on (none if jdeps saw none). */
    public Set<String> dependencies(String pkg) {
        return depends.getOrDefault(pkg, Set.of());
    }

    public Set<String> packages() {
        return depends.keySet();
    }

    /** Every pair of packages that depend on each other, directly or through others: "a <-> b". */
    public List<String> cycles() {
        List<String> cycles = new ArrayList<>();
        for (String from : depends.keySet()) {
            for (String to : reachable(from)) {
                if (from.compareTo(to) < 0 && reachable(to).contains(from)) {
                    cycles.add(from + " <-> " + to);
                }
            }
        }
        return cycles;
    }

    /** The edges from a package whose name starts with {@code from} to one starting with any of {@code to}. */
    public List<String> edges(String from, String... to) {
        List<String> found = new ArrayList<>();
        depends.forEach((source, targets) -> {
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

    private Set<String> reachable(String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(dependencies(from));
        while (!next.isEmpty()) {
            String pkg = next.pop();
            if (seen.add(pkg)) {
                next.addAll(dependencies(pkg));
            }
        }
        return seen;
    }

    private static String location(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.graft.runner;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.graft.spec.GraftSpec;
import dev.graft.spi.GraftPlugin;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine's packages depend on each other in one direction only (docs/architecture.md):
 * spi → io → data → model → train → plugin → spec → {interop, graft, probe, fit, measure} → report → bench →
 * pipeline → runner. A class may use its own package and any package earlier in that order, never a
 * later one, and the packages of one step never use each other. The test reads the compiled
 * classes of graft-spi, graft-core and graft-runner (their main classes, not their tests) with ArchUnit
 * and names every class and dependency that breaks the order. It lists no exceptions.
 */
class PackageOrderTest {

    /** Each package's step in the order; packages of one step are peers. */
    private static final Map<String, Integer> STEP = Map.ofEntries(
            Map.entry("spi", 0), Map.entry("io", 1), Map.entry("data", 2), Map.entry("model", 3),
            Map.entry("train", 4), Map.entry("plugin", 5), Map.entry("spec", 6),
            Map.entry("interop", 7), Map.entry("graft", 7), Map.entry("probe", 7), Map.entry("fit", 7),
            Map.entry("measure", 7),
            Map.entry("report", 8), Map.entry("bench", 9), Map.entry("pipeline", 10), Map.entry("runner", 11));

    @Test
    void everyEngineClassDependsOnlyOnItsOwnOrEarlierPackages() {
        JavaClasses classes = engineClasses();
        List<String> violations = new ArrayList<>();
        for (JavaClass c : classes) {
            String from = packageOf(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = packageOf(d.getTargetClass().getPackageName());
                if (to == null || to.equals(from)) {
                    continue;
                }
                if (!mayUse(from, to)) {
                    violations.add(from + " → " + to + ": " + d.getDescription());
                }
            }
        }
        if (!violations.isEmpty()) {
            fail(violations.size() + " dependencies go against the package order " + ORDER_TEXT + ":\n  "
                    + String.join("\n  ", new TreeSet<>(violations)));
        }
    }

    @Test
    void everyEnginePackageHasAPlaceInTheOrder() {
        TreeSet<String> unplaced = new TreeSet<>();
        for (JavaClass c : engineClasses()) {
            String name = c.getPackageName();
            if (!name.startsWith("dev.graft.") || packageOf(name) == null) {
                unplaced.add(name);
            }
        }
        assertTrue(unplaced.isEmpty(), "packages with no place in the order (add them to PackageOrderTest.STEP and"
                + " docs/architecture.md): " + unplaced);
    }

    @Test
    void theRuleCatchesADependencyOnALaterPackageAndBetweenPeers() {
        assertTrue(mayUse("train", "data"));
        assertTrue(mayUse("runner", "spi"));
        assertEquals(false, mayUse("data", "train"));
        assertEquals(false, mayUse("probe", "fit"));
        assertEquals(false, mayUse("spi", "io"));
    }

    private static final String ORDER_TEXT = "spi → io → data → model → train → plugin → spec → "
            + "{interop, graft, probe, fit, measure} → report → bench → pipeline → runner";

    /** Whether package {@code from} may use package {@code to} (both short names, different). */
    static boolean mayUse(String from, String to) {
        return STEP.get(to) < STEP.get(from);
    }

    /** The short name of an engine package ({@code dev.graft.train} → {@code train}), or null for others. */
    private static String packageOf(String packageName) {
        if (!packageName.startsWith("dev.graft.")) {
            return null;
        }
        String rest = packageName.substring("dev.graft.".length());
        int dot = rest.indexOf('.');
        String top = dot < 0 ? rest : rest.substring(0, dot);
        return STEP.containsKey(top) ? top : null;
    }

    /** The main classes of graft-spi, graft-core and graft-runner, read from where they were loaded. */
    private static JavaClasses engineClasses() {
        if (engine == null) {
            engine = importEngineClasses();
        }
        return engine;
    }

    private static JavaClasses engine;

    private static JavaClasses importEngineClasses() {
        List<URL> roots = List.of(root(GraftPlugin.class), root(GraftSpec.class), root(Main.class));
        JavaClasses classes = new ClassFileImporter().importUrls(roots);
        assertTrue(classes.size() > 300, "expected the engine's classes, read " + classes.size() + " from " + roots);
        return classes;
    }

    private static URL root(Class<?> c) {
        try {
            URL url = c.getProtectionDomain().getCodeSource().getLocation();
            String path = url.toURI().getPath();
            assertTrue(!path.contains("test-classes"), c + " loaded from test classes: " + url);
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

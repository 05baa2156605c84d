package dev.graft.runner;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.Stage;
import dev.graft.plugin.EngineContext;
import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginRegistry;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecException;
import dev.graft.spec.SpecLoader;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import dev.graft.spi.SpiVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drop-in example plugin of docs/examples/aux-plugin, built as its pom builds it (its sources
 * against the SPI alone, its resources, the manifest's SPI version), loads from a plugins folder,
 * computes hand-checked targets, and its spec validates and plans with it. (CI also builds it with
 * Maven and runs the spec: .ci/run.)
 */
class ExampleAuxPluginTest {
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "aux-plugin").toAbsolutePath().normalize();

    @TempDir
    static Path tmp;

    static Path pluginsDir;
    static PluginRegistry catalog;

    @BeforeAll
    static void buildTheExampleJar() throws IOException {
        pluginsDir = tmp.resolve("plugins.d");
        Files.createDirectories(pluginsDir);
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        List<String> sources;
        try (Stream<Path> s = Files.walk(EXAMPLE.resolve("src/main/java"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", spiJar(), "-d",
                classes.toString()));
        args.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, pomSpiVersion());
        Path resources = EXAMPLE.resolve("src/main/resources");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(pluginsDir.resolve("edge-occupancy.jar")),
                manifest)) {
            for (Path root : List.of(classes, resources)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        jar.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        jar.write(Files.readAllBytes(f));
                        jar.closeEntry();
                    }
                }
            }
        }
        catalog = new PluginRegistry(PluginDiscovery.discover(ExampleAuxPluginTest.class.getClassLoader(),
                List.of(pluginsDir)).stream().map(PluginDiscovery.Found::factory).toList(), new EngineContext());
    }

    @Test
    void the_example_is_built_against_this_spi_version() throws IOException {
        assertEquals(SpiVersion.CURRENT, pomSpiVersion(), "docs/examples/aux-plugin/pom.xml graft.spi.version");
    }

    @Test
    void edge_occupancy_targets_are_the_occupied_shares_of_the_edge_band_and_the_interior() {
        AuxiliaryTask task = create(Map.of());
        DomineeringGame game = new DomineeringGame(4);
        assertEquals(2, task.outputs(game));
        GameState s = game.newGame();
        assertArrayEquals(new float[]{0, 0}, targets(task, game, s));
        s.play(0);                         // vertical on (0,0)–(1,0): both edge squares of 12
        assertArrayEquals(new float[]{2 / 12f, 0}, targets(task, game, s), 1e-6f);
        s.play(12 + 1 * 4 + 1);           // horizontal on (1,1)–(1,2): two of the 4 centre squares
        assertArrayEquals(new float[]{2 / 12f, 2 / 4f}, targets(task, game, s), 1e-6f);

        AuxiliaryTask scaled = create(Map.of("scale", 10.0));
        assertArrayEquals(new float[]{20 / 12f, 5f}, targets(scaled, game, s), 1e-5f);
    }

    @Test
    void a_band_that_leaves_no_interior_is_refused_with_the_widest_that_fits() {
        AuxiliaryTask task = create(Map.of("ring", 2));
        assertTrue(task.incompatibility(new DomineeringGame(5)).isEmpty());
        String why = task.incompatibility(new DomineeringGame(4)).orElseThrow();
        assertTrue(why.contains("at most 1"), why);
    }

    @Test
    void the_example_spec_validates_and_plans_with_the_dropped_in_plugin() throws IOException {
        GraftSpec spec = new SpecLoader(catalog).load(EXAMPLE.resolve("spec.yaml"));
        assertEquals("edge-occupancy", spec.auxiliary().get(0).name());
        RunSetup setup = new RunSetup(spec, catalog, tmp.resolve("run"), tmp.resolve("cache"), false);
        List<String> ids = RunPlan.of(setup).order().stream().map(Stage::id).toList();
        assertTrue(ids.contains("data") && ids.stream().filter(id -> id.startsWith("train-small")).count() == 2,
                ids.toString());

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), Files.readString(EXAMPLE.resolve("spec.yaml"))
                .replace("{name: edge-occupancy, ring: 1}", "{name: edge-occupancy, ring: 2}"));
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader(catalog).load(bad));
        assertTrue(e.getMessage().contains("bad.yaml:") && e.getMessage().contains("edge band"), e.getMessage());
    }

    private static AuxiliaryTask create(Map<String, Object> given) {
        @SuppressWarnings("unchecked")
        PluginFactory<AuxiliaryTask> f = (PluginFactory<AuxiliaryTask>) catalog.find(PluginKind.AUXILIARY_TASK,
                "edge-occupancy").orElseThrow();
        return catalog.create(f, Options.withDefaults(f.options(), given));
    }

    private static float[] targets(AuxiliaryTask task, DomineeringGame game, GameState s) {
        float[] out = new float[2];
        task.targets(game, s, out, 0);
        return out;
    }

    private static String pomSpiVersion() throws IOException {
        Matcher m = Pattern.compile("<graft\\.spi\\.version>([^<]+)</graft\\.spi\\.version>")
                .matcher(Files.readString(EXAMPLE.resolve("pom.xml")));
        assertTrue(m.find(), "the example pom declares graft.spi.version");
        return m.group(1).trim();
    }

    private static String spiJar() {
        try {
            return Path.of(PluginFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

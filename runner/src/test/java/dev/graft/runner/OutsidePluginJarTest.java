package dev.graft.runner;

import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginLoadException;
import dev.graft.plugin.PluginRegistry;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugin compiled here, outside the project's modules, against the SPI alone, and dropped as a
 * jar into a folder, is found and usable with no change to core or runner.
 */
class OutsidePluginJarTest {

    private static final String SOURCE = """
            package outside.example;

            import dev.graft.spi.*;
            import java.util.List;
            import java.util.Optional;

            public final class %s implements GraftPlugin {
                @Override
                public List<PluginFactory<?>> factories() {
                    return List.of(new PluginFactory<AuxiliaryTask>() {
                        public PluginKind kind() { return PluginKind.AUXILIARY_TASK; }
                        public String name() { return "%s"; }
                        public String description() { return "Counts occupied squares (built outside graft)."; }
                        public List<OptionSpec> options() {
                            return List.of(OptionSpec.number("scale", 1.0, 0.0, null, "Multiplies the count."));
                        }
                        public AuxiliaryTask create(Options options) {
                            double scale = options.getDouble("scale");
                            return new AuxiliaryTask() {
                                public Optional<String> incompatibility(Game game) { return Optional.empty(); }
                                public int outputs(Game game) { return 1; }
                                public void targets(Game game, GameState s, float[] out, int offset) {
                                    int n = 0;
                                    for (int q = 0; q < game.squares(); q++) n += s.squareState(q) == 0 ? 0 : 1;
                                    out[offset] = (float) (scale * n);
                                }
                            };
                        }
                    });
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void plugin_jar_dropped_into_a_folder_is_discovered_and_works() throws Exception {
        Path dir = buildPluginJar("outside-count");

        List<PluginDiscovery.Found> found = PluginDiscovery.discover(getClass().getClassLoader(), List.of(dir));
        PluginRegistry registry = new PluginRegistry(found.stream().map(PluginDiscovery.Found::factory).toList(),
                new dev.graft.plugin.EngineContext());

        PluginFactory<?> factory = registry.find(PluginKind.AUXILIARY_TASK, "outside-count").orElseThrow();
        assertTrue(found.stream().anyMatch(f -> f.factory() == factory && f.origin().endsWith("outside.jar")));
        AuxiliaryTask task = (AuxiliaryTask) factory.create(Options.withDefaults(factory.options(),
                java.util.Map.of("scale", 2.0)));
        assertEquals(1, task.outputs(null));
        // The class came from the dropped jar, not from the application's class path.
        assertFalse(factory.getClass().getClassLoader() == getClass().getClassLoader());
    }

    @Test
    void graft_plugins_lists_the_outside_plugin_with_its_jar_and_options() throws Exception {
        Path dir = buildPluginJar("outside-count");
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("plugins", "--plugins", dir.toString());
        assertEquals(0, code, out.toString());
        String text = out.toString();
        assertTrue(text.contains("outside-count — Counts occupied squares"), text);
        assertTrue(text.contains("outside.jar"), text);
        assertTrue(text.contains("scale"), text);
    }

    @Test
    void two_plugins_with_one_name_are_refused_naming_both_jars() throws Exception {
        buildPluginJar("outside-count");
        Path dir = buildPluginJar("outside-count", "OtherPlugin", "other.jar");
        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> PluginDiscovery.discover(getClass().getClassLoader(), List.of(dir)));
        assertTrue(e.getMessage().contains("named 'outside-count'"), e.getMessage());
    }

    @Test
    void missing_plugins_folder_is_a_user_error_with_exit_code_2() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("plugins", "--plugins", tmp.resolve("nope").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("no such folder"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    /** Compiles {@link #SOURCE} against the SPI only and packs it with its service entry into dir/outside.jar. */
    private Path buildPluginJar(String name) throws IOException {
        return buildPluginJar(name, "OutsidePlugin", "outside.jar");
    }

    private Path buildPluginJar(String name, String className, String jarName) throws IOException {
        Path src = tmp.resolve("src-" + className + "/outside/example/" + className + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE.formatted(className, name));
        Path classes = tmp.resolve("classes-" + className);
        Files.createDirectories(classes);
        String spiPath = Path.of(codeSource(PluginFactory.class)).toString();

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "-cp", spiPath,
                "-d", classes.toString(), src.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Path dir = tmp.resolve("plugins.d");
        Files.createDirectories(dir);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(jarName)));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/services/dev.graft.spi.GraftPlugin"));
            jar.write(("outside.example." + className + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return dir;
    }

    private static java.net.URI codeSource(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.graft.runner;

import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginLoadException;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.SpiVersion;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugin jars in a plugins folder load each in their own class loader that shows them the SPI and the
 * JDK only; a jar built against an incompatible SPI, or whose classes need a class it cannot see, is
 * refused with a message naming the jar (exit 2), not a linkage error.
 */
class PluginJarLoadingTest {

    /** A game-generator-free aux plugin whose description says what it can see and what its helper says. */
    private static final String PLUGIN = """
            package %1$s;

            import dev.graft.spi.*;
            import java.util.List;
            import java.util.Optional;

            public final class Plugin implements GraftPlugin {
                static String sees(String cls) {
                    try {
                        Class.forName(cls, false, Plugin.class.getClassLoader());
                        return "sees " + cls;
                    } catch (ClassNotFoundException e) {
                        return "not " + cls;
                    }
                }

                @Override
                public List<PluginFactory<?>> factories() {
                    return List.of(new PluginFactory<AuxiliaryTask>() {
                        public PluginKind kind() { return PluginKind.AUXILIARY_TASK; }
                        public String name() { return "%2$s"; }
                        public String description() {
                            return Helper.word() + "; " + sees("dev.graft.plugin.PluginDiscovery") + "; "
                                    + sees("org.nd4j.linalg.factory.Nd4j") + "; " + sees("dev.graft.spi.Game");
                        }
                        public List<OptionSpec> options() { return List.of(); }
                        public AuxiliaryTask create(Options options) {
                            return new AuxiliaryTask() {
                                public Optional<String> incompatibility(Game game) { return Optional.empty(); }
                                public int outputs(Game game) { return 1; }
                                public void targets(Game game, GameState s, float[] out, int offset) {
                                    out[offset] = 1;
                                }
                            };
                        }
                    });
                }
            }
            """;

    /** A library class bundled in the plugin jar, the same name in every jar. */
    private static final String HELPER = """
            package %1$s;

            public final class Helper {
                public static String word() { return "%2$s"; }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void each_jar_sees_the_spi_and_the_jdk_and_its_own_classes_but_not_the_engine() throws IOException {
        Path dir = tmp.resolve("plugins.d");
        jar(dir, "a.jar", "lib", "alpha", "plugin-a", SpiVersion.CURRENT, n -> true);
        jar(dir, "b.jar", "lib", "beta", "plugin-b", SpiVersion.CURRENT, n -> true);

        List<PluginDiscovery.Found> found = PluginDiscovery.discover(getClass().getClassLoader(), List.of(dir));
        String a = description(found, "plugin-a");
        String b = description(found, "plugin-b");
        // Both jars bundle a class lib.Helper; each plugin gets its own.
        assertTrue(a.startsWith("alpha;"), a);
        assertTrue(b.startsWith("beta;"), b);
        for (String d : List.of(a, b)) {
            assertTrue(d.contains("not dev.graft.plugin.PluginDiscovery"), d);
            assertTrue(d.contains("not org.nd4j.linalg.factory.Nd4j"), d);
            assertTrue(d.contains("sees dev.graft.spi.Game"), d);
        }
        PluginFactory<?> factory = found.stream().filter(f -> f.factory().name().equals("plugin-a")).findFirst()
                .orElseThrow().factory();
        assertFalse(factory.getClass().getClassLoader() == getClass().getClassLoader());
        assertTrue(found.stream().anyMatch(f -> f.origin().endsWith("a.jar")));
    }

    @Test
    void a_jar_built_against_another_spi_major_is_refused_naming_the_jar_and_both_versions() throws IOException {
        Path dir = tmp.resolve("plugins.d");
        int major = SpiVersion.parse(SpiVersion.CURRENT)[0];
        jar(dir, "future.jar", "lib", "x", "future", (major + 1) + ".0", n -> true);

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> PluginDiscovery.discover(getClass().getClassLoader(), List.of(dir)));
        assertTrue(e.getMessage().contains("future.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("SPI " + (major + 1) + ".0"), e.getMessage());
        assertTrue(e.getMessage().contains("SPI " + SpiVersion.CURRENT), e.getMessage());

        Cli cli = cli("plugins", "--plugins", dir.toString());
        assertEquals(2, cli.code, cli.err);
        assertTrue(cli.err.contains("future.jar") && cli.err.contains(SpiVersion.CURRENT), cli.err);
        assertFalse(cli.err.contains("Exception") || cli.err.contains("Error"), cli.err);
    }

    @Test
    void a_jar_needing_a_newer_spi_minor_is_refused_and_an_older_minor_loads() throws IOException {
        int[] v = SpiVersion.parse(SpiVersion.CURRENT);
        Path newer = tmp.resolve("newer");
        jar(newer, "newer.jar", "lib", "x", "newer", v[0] + "." + (v[1] + 1), n -> true);
        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> PluginDiscovery.discover(getClass().getClassLoader(), List.of(newer)));
        assertTrue(e.getMessage().contains("newer.jar"), e.getMessage());

        Path older = tmp.resolve("older");
        jar(older, "older.jar", "lib", "x", "older", v[0] + ".0", n -> true);
        assertEquals(1, PluginDiscovery.discover(getClass().getClassLoader(), List.of(older)).stream()
                .filter(f -> f.factory().name().equals("older")).count());
        assertTrue(SpiVersion.compatible(v[0] + ".0", SpiVersion.CURRENT));
        assertFalse(SpiVersion.compatible((v[0] + 1) + "." + v[1], SpiVersion.CURRENT));
    }

    @Test
    void a_jar_whose_classes_need_a_missing_class_is_refused_naming_the_jar_and_the_class() throws IOException {
        Path dir = tmp.resolve("plugins.d");
        // The plugin calls lib.Helper, but the jar leaves it out.
        jar(dir, "broken.jar", "lib", "x", "broken", SpiVersion.CURRENT, n -> !n.startsWith("lib/"));

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> PluginDiscovery.discover(getClass().getClassLoader(), List.of(dir)));
        assertTrue(e.getMessage().contains("broken.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("lib.Helper"), e.getMessage());

        Cli cli = cli("plugins", "--plugins", dir.toString());
        assertEquals(2, cli.code, cli.err);
        assertTrue(cli.err.contains("broken.jar") && cli.err.contains("lib.Helper"), cli.err);
        assertFalse(cli.err.contains("NoClassDefFoundError") || cli.err.contains("\tat "), cli.err);
    }

    @Test
    void a_jar_with_a_malformed_spi_version_is_refused_naming_the_attribute() throws IOException {
        Path dir = tmp.resolve("plugins.d");
        jar(dir, "odd.jar", "lib", "x", "odd", "one", n -> true);
        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> PluginDiscovery.discover(getClass().getClassLoader(), List.of(dir)));
        assertTrue(e.getMessage().contains("odd.jar") && e.getMessage().contains(SpiVersion.MANIFEST_ATTRIBUTE),
                e.getMessage());
    }

    private record Cli(int code, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        return new Cli(code, err.toString());
    }

    private static String description(List<PluginDiscovery.Found> found, String name) {
        return found.stream().filter(f -> f.factory().name().equals(name)).findFirst().orElseThrow().factory()
                .description();
    }

    /**
     * Compiles {@link #PLUGIN} (package {@code pkg}) and {@link #HELPER} (package {@code lib}, saying
     * {@code word}) against the SPI alone, and packs the class files {@code keep} accepts, the service
     * entry and a manifest naming {@code spiVersion} into {@code dir/jarName}.
     */
    private void jar(Path dir, String jarName, String lib, String word, String name, String spiVersion,
                     Predicate<String> keep) throws IOException {
        String pkg = "outside." + name.replace('-', '_');
        Path src = tmp.resolve("src-" + jarName);
        Path plugin = src.resolve(pkg.replace('.', '/') + "/Plugin.java");
        Path helper = src.resolve(lib + "/Helper.java");
        Files.createDirectories(plugin.getParent());
        Files.createDirectories(helper.getParent());
        Files.writeString(plugin, PLUGIN.formatted(pkg, name).replace("Helper.word()", lib + ".Helper.word()"));
        Files.writeString(helper, HELPER.formatted(lib, word));
        Path classes = tmp.resolve("classes-" + jarName);
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "17", "-cp", spiJar(), "-d",
                classes.toString(), plugin.toString(), helper.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, spiVersion);
        Files.createDirectories(dir);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(jarName)), manifest);
             Stream<Path> files = Files.walk(classes)) {
            List<Path> all = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
            for (Path f : all) {
                String entry = classes.relativize(f).toString().replace('\\', '/');
                if (keep.test(entry)) {
                    jar.putNextEntry(new JarEntry(entry));
                    jar.write(Files.readAllBytes(f));
                    jar.closeEntry();
                }
            }
            jar.putNextEntry(new JarEntry("META-INF/services/dev.graft.spi.GraftPlugin"));
            jar.write((pkg + ".Plugin\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }

    private static String spiJar() {
        try {
            return Path.of(PluginFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}

package dev.graft.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SPI version rule, the empty plugin context and the default two-argument create. */
class SpiRulesTest {

    @Test
    void a_plugin_runs_on_the_same_major_with_a_minor_no_newer() {
        assertTrue(SpiVersion.compatible("1.0", "1.0"));
        assertTrue(SpiVersion.compatible("1.0", "1.3"));
        assertTrue(SpiVersion.compatible(" 1.2 ", "1.3"));
        assertFalse(SpiVersion.compatible("1.4", "1.3"), "a newer minor may use what this SPI lacks");
        assertFalse(SpiVersion.compatible("2.0", "1.3"));
        assertFalse(SpiVersion.compatible("0.9", "1.0"));
    }

    @Test
    void the_build_writes_the_current_version_into_plugin_manifests() throws java.io.IOException {
        // The parent pom's graft.spi.version is the Graft-Spi-Version of graft-spi and of every plugin jar built here.
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("..", "..", "pom.xml"));
        var m = java.util.regex.Pattern.compile("<graft\\.spi\\.version>([^<]+)</graft\\.spi\\.version>").matcher(pom);
        assertTrue(m.find(), "the parent pom declares graft.spi.version");
        assertEquals(SpiVersion.CURRENT, m.group(1).trim());
    }

    @Test
    void the_current_version_is_major_dot_minor() {
        assertEquals(2, SpiVersion.parse(SpiVersion.CURRENT).length);
        assertArrayEquals(new int[]{12, 34}, SpiVersion.parse("12.34"));
    }

    @Test
    void text_that_is_not_major_dot_minor_is_refused_with_an_example() {
        for (String bad : java.util.Arrays.asList("1", "1.0.0", "one", "1.x", "", null)) {
            var e = assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse(bad));
            assertTrue(e.getMessage().contains(SpiVersion.CURRENT), e.getMessage());
        }
    }

    @Test
    void the_empty_context_names_the_service_a_plugin_asked_for() {
        PluginContext none = PluginContext.none();
        for (var call : List.<Runnable>of(none::valueNetworks, none::gameBatches, none::gameRecords)) {
            var e = assertThrows(UnsupportedOperationException.class, call::run);
            assertTrue(e.getMessage().contains("offers no"), e.getMessage());
        }
        none.log(SpiRulesTest.class).info("the empty context still logs");
    }

    @Test
    void the_two_argument_create_defaults_to_the_one_argument_form() {
        PluginFactory<String> f = new PluginFactory<>() {
            public PluginKind kind() {
                return PluginKind.GAME;
            }

            public String name() {
                return "echo";
            }

            public String description() {
                return "echoes an option";
            }

            public List<OptionSpec> options() {
                return List.of(OptionSpec.string("word", "hi", "the word"));
            }

            public String create(Options options) {
                return options.getString("word");
            }
        };
        assertEquals("hi", f.create(Options.withDefaults(f.options(), java.util.Map.of()), PluginContext.none()));
    }
}

package dev.graft.spec;

import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.plugin.PluginRegistry;
import dev.graft.io.UserInputException;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Integer options that also accept words ({@code at: top}), in specs and on the command line. */
class IntegerOrWordOptionTest {
    private static final OptionSpec AT = OptionSpec.integerOrWord("at", 0, 0, null, List.of("top"),
            "first large layer of the graft, or top");

    private static final PluginCatalog CATALOG = new PluginRegistry(List.of(new FakePlugins.Factory<GraftStrategy>(
            PluginKind.GRAFT_STRATEGY, "deep", "a strategy with a depth", List.of(AT), o -> null)),
            dev.graft.spi.PluginContext.none());

    /** The resolved options of {@code text} as a strategy reference, or the problems found. */
    private static Object resolve(String text, Problems problems) {
        RawNode raw = new SafeYamlReader().readSetValue(text, Origin.setArgument("strategy=" + text, 0), problems);
        PluginRef ref = (PluginRef) new Validator(CATALOG, problems).resolve(ValueType.plugin(PluginKind.GRAFT_STRATEGY),
                raw, "strategy");
        return ref == null ? null : ref.options().get("at");
    }

    private static String error(String text) {
        Problems problems = new Problems();
        assertNull(resolve(text, problems), text);
        SpecException e = assertThrows(SpecException.class, problems::throwIfAny);
        return e.getMessage();
    }

    @Test
    void a_spec_may_give_the_word_or_an_integer_and_omitting_it_gives_the_default() {
        assertEquals("top", resolve("{name: deep, at: top}", new Problems()));
        assertEquals(3, resolve("{name: deep, at: 3}", new Problems()));
        assertEquals(0, resolve("deep", new Problems()));
    }

    @Test
    void other_words_negative_numbers_and_fractions_are_refused_saying_what_fits() {
        String word = error("{name: deep, at: tpo}");
        assertTrue(word.contains("expected an integer ≥ 0, or top, got \"tpo\"") && word.contains("Did you mean 'top'"), word);
        assertTrue(error("{name: deep, at: -1}").contains("expected an integer ≥ 0, or top"));
        assertTrue(error("{name: deep, at: 2.0}").contains("without a decimal point"));
        assertTrue(error("{name: deep, at: 1.5}").contains("expected an integer ≥ 0, or top"));
    }

    @Test
    void command_line_values_accept_the_word_or_an_integer_in_range() {
        assertEquals("top", PluginOptions.create(CATALOG, PluginKind.GRAFT_STRATEGY, "deep", "--strategy",
                Map.of("at", "top")).options().get("at"));
        assertEquals(2, PluginOptions.create(CATALOG, PluginKind.GRAFT_STRATEGY, "deep", "--strategy",
                Map.of("at", "2")).options().get("at"));
        UserInputException e = assertThrows(UserInputException.class, () -> PluginOptions.create(CATALOG,
                PluginKind.GRAFT_STRATEGY, "deep", "--strategy", Map.of("at", "bottom")));
        assertTrue(e.getMessage().contains("'bottom' is neither an integer nor top"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> PluginOptions.create(CATALOG,
                PluginKind.GRAFT_STRATEGY, "deep", "--strategy", Map.of("at", "-2")));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void the_declared_constraint_names_the_range_and_the_words() {
        assertEquals("value ≥ 0, or top", AT.constraintText());
        assertTrue(AT.acceptsWords());
        assertThrows(IllegalArgumentException.class,
                () -> OptionSpec.integerOrWord("at", "bottom", 0, null, List.of("top"), "x"));
    }
}

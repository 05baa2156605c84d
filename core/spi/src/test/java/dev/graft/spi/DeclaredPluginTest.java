package dev.graft.spi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A plugin declared in one class is its own single factory and gets the context it is created with. */
class DeclaredPluginTest {

    /** A strategy-kind plugin whose product records the option and the context it was made with. */
    public static final class Recorder extends DeclaredPlugin<Object> {
        public Recorder() {
            super(PluginKind.GRAFT_STRATEGY, "recorder", "records its options",
                    OptionSpec.integer("at", 3, 0, 9, "a number"));
        }

        @Override
        public Object create(Options options, PluginContext context) {
            return List.of(options.getInt("at"), context);
        }
    }

    @Test
    void the_declaration_is_the_plugins_only_factory_with_what_its_constructor_declared() {
        Recorder r = new Recorder();
        assertEquals(1, r.factories().size());
        assertSame(r, r.factories().get(0));
        assertEquals(PluginKind.GRAFT_STRATEGY, r.kind());
        assertEquals("recorder", r.name());
        assertEquals("records its options", r.description());
        assertEquals(List.of("at"), r.options().stream().map(OptionSpec::name).toList());
        assertEquals("1", r.codeVersion());
    }

    @Test
    void the_engine_context_reaches_create_and_the_one_argument_form_passes_no_services() {
        Recorder r = new Recorder();
        PluginContext engine = PluginContext.none();
        Options options = Options.withDefaults(r.options(), Map.of("at", 5));
        assertEquals(List.of(5, engine), r.create(options, engine));
        PluginContext none = (PluginContext) ((List<?>) r.create(options)).get(1);
        assertThrows(UnsupportedOperationException.class, none::valueNetworks);
    }
}

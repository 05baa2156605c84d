package dev.graft.strategies;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategiesPluginTest {

    private static Map<String, PluginFactory<?>> discovered() {
        Map<String, PluginFactory<?>> out = new TreeMap<>();
        for (GraftPlugin p : ServiceLoader.load(GraftPlugin.class)) {
            for (PluginFactory<?> f : p.factories()) {
                if (f.kind() == PluginKind.GRAFT_STRATEGY) {
                    out.put(f.name(), f);
                }
            }
        }
        return out;
    }

    @Test
    void the_strategies_are_found_through_the_service_file_with_their_options() {
        Map<String, PluginFactory<?>> found = discovered();
        assertEquals(List.of("block-insertion", "front", "offset", "partial", "stack", "widen"), List.copyOf(found.keySet()));
        assertEquals(List.of("every", "after", "top", "embeddings", "final_norm", "heads"),
                names(found.get("block-insertion")));
        assertEquals(List.of("g"), names(found.get("stack")));
        assertEquals(List.of("noise"), names(found.get("widen")));
        assertEquals(List.of("embeddings", "final_norm", "heads"), names(found.get("front")));
        assertEquals(List.of("at", "embeddings", "final_norm", "heads"), names(found.get("offset")));
        assertEquals(List.of("from", "to", "at", "pass_through", "embeddings", "final_norm", "heads"),
                names(found.get("partial")));
    }

    @Test
    void defaults_are_the_studys_choices() {
        for (PluginFactory<?> f : discovered().values()) {
            for (OptionSpec o : f.options()) {
                switch (o.name()) {
                    case "embeddings", "final_norm", "heads", "pass_through" -> assertEquals(true, o.defaultValue(), o.name());
                    case "at", "from" -> assertEquals(0, o.defaultValue(), o.name());
                    case "to" -> assertEquals("end", o.defaultValue());
                    case "every", "top" -> assertEquals(0, o.defaultValue(), o.name());
                    case "after" -> assertEquals(List.of(), o.defaultValue(), o.name());
                    case "g" -> assertEquals(2, o.defaultValue(), o.name());
                    case "noise" -> assertEquals(0.0, o.defaultValue(), o.name());
                    default -> throw new AssertionError("undeclared option " + o.name());
                }
                assertTrue(!o.description().isBlank());
            }
        }
        assertEquals("value ≥ 0, or top", new OffsetFactory().options().get(0).constraintText());
    }

    private static List<String> names(PluginFactory<?> f) {
        return f.options().stream().map(OptionSpec::name).toList();
    }
}

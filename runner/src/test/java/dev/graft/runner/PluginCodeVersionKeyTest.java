package dev.graft.runner;

import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.Stage;
import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginRegistry;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A factory's {@link PluginFactory#codeVersion()} enters the cache keys of the stages its plugins
 * feed: the game's every stage, the generator's the data stage and every stage that reads the games,
 * an auxiliary task's the training stages but not the data.
 */
class PluginCodeVersionKeyTest {
    private static final String EXPERIMENT = """
            experiment:
              seeds: [1]
              conditions:
                small+aux: {model: small, auxiliary: true}
                baseline: {model: large}
            """;

    @TempDir
    Path tmp;

    @Test
    void a_new_game_version_changes_the_data_key_and_every_key_after_it() throws IOException {
        Map<String, String> before = keys(null, null);
        Map<String, String> after = keys(PluginKind.GAME, "domineering");
        before.forEach((id, key) -> assertNotEquals(key, after.get(id), id));
    }

    @Test
    void a_new_generator_version_changes_the_data_key_and_every_key_that_reads_the_games() throws IOException {
        Map<String, String> before = keys(null, null);
        Map<String, String> after = keys(PluginKind.GAME_GENERATOR, "random");
        before.forEach((id, key) -> {
            if (id.startsWith("init-large")) {
                assertEquals(key, after.get(id), id + " does not read the games");
            } else {
                assertNotEquals(key, after.get(id), id);
            }
        });
    }

    @Test
    void a_new_auxiliary_task_version_changes_the_training_keys_but_not_the_data_key() throws IOException {
        Map<String, String> before = keys(null, null);
        Map<String, String> after = keys(PluginKind.AUXILIARY_TASK, "sector-balance");
        assertEquals(before.get("data"), after.get("data"));
        List<String> trains = before.keySet().stream().filter(id -> id.startsWith("train")).toList();
        assertTrue(trains.size() >= 2, before.toString());
        for (String id : trains) {
            assertNotEquals(before.get(id), after.get(id), id);
        }
    }

    /** Stage id → key hash of the tiny spec's plan, with {@code kind}/{@code name} declaring code version 2. */
    private Map<String, String> keys(PluginKind kind, String name) throws IOException {
        List<PluginFactory<?>> factories = PluginDiscovery.discover(getClass().getClassLoader(), List.of()).stream()
                .<PluginFactory<?>>map(f -> f.factory().kind() == kind && f.factory().name().equals(name)
                        ? bumped(f.factory()) : f.factory())
                .toList();
        PluginRegistry catalog = new PluginRegistry(factories, new dev.graft.plugin.EngineContext());
        Path file = Files.writeString(tmp.resolve("v.yaml"), "name: v\n" + ExperimentRunTest.TINY + EXPERIMENT);
        GraftSpec spec = new SpecLoader(catalog).load(file);
        RunSetup setup = new RunSetup(spec, catalog, tmp.resolve("out"), tmp.resolve("cache"), false);
        Map<String, String> out = new LinkedHashMap<>();
        for (Stage s : RunPlan.of(setup).order()) {
            out.put(s.id(), s.key().hash());
        }
        assertTrue(out.containsKey("data"), out.toString());
        return out;
    }

    private static <T> PluginFactory<T> bumped(PluginFactory<T> f) {
        return new PluginFactory<>() {
            public PluginKind kind() {
                return f.kind();
            }

            public String name() {
                return f.name();
            }

            public String description() {
                return f.description();
            }

            public List<OptionSpec> options() {
                return f.options();
            }

            public T create(Options options) {
                return f.create(options);
            }

            public T create(Options options, PluginContext context) {
                return f.create(options, context);
            }

            public String codeVersion() {
                return f.codeVersion() + "-next";
            }
        };
    }
}

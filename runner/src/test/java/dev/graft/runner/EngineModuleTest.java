package dev.graft.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.graft.pipeline.StageExecutor;
import dev.graft.plugin.EngineContext;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.PluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guice wires each command from the engine's modules ({@link EngineModule}) and the command's own
 * (the executor {@code --executor} names, {@link ExecutorModules}); a test replaces a module's binding
 * to substitute a service, here the executor of {@code graft run} and the plugins' context.
 */
class EngineModuleTest {
    @TempDir
    Path tmp;

    @Test
    void the_plugins_get_the_engine_context_unless_a_module_overrides_it() {
        PluginCatalog engine = new GraftCommand().injector().getInstance(PluginCatalog.class);
        assertInstanceOf(EngineContext.class, engine.context());

        PluginContext substitute = PluginContext.none();
        Module override = new AbstractModule() {
            @Override
            protected void configure() {
                bind(PluginContext.class).toInstance(substitute);
            }
        };
        PluginCatalog overridden = new GraftCommand(List.of(override)).injector().getInstance(PluginCatalog.class);
        assertSame(substitute, overridden.context());
        assertFalse(overridden.names(dev.graft.spi.PluginKind.GAME).isEmpty(), "the plugins are still discovered");
    }

    @Test
    void graft_run_hands_its_stages_to_the_executor_a_substituted_module_binds() throws Exception {
        AtomicInteger stages = new AtomicInteger();
        StageExecutor refusing = (graph, listener) -> {
            stages.set(graph.order().size());
            throw new IllegalStateException("the substituted executor was given " + graph.order().size() + " stages");
        };
        Module override = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ExecutorOptions.Factory.class).toInstance((options, machine, err, source) ->
                        new ExecutorOptions.ExecutorChoice("substitute", refusing, "a test's executor"));
            }
        };
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), ParallelRunTest.SPEC);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(List.of(override));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("run", spec.toString(), "--out", tmp.resolve("run").toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress");

        assertEquals(Main.FAILED, code, err.toString());
        assertEquals(11, stages.get(), "the run's whole DAG reached the substituted executor");
        assertTrue(err.toString().contains("the substituted executor was given 11 stages"), err.toString());
        assertTrue(out.toString().contains("a test's executor"), out.toString());
        assertFalse(Files.exists(tmp.resolve("cache").resolve("train-small")), "nothing was trained");
    }
}

package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.plugin.PluginCatalog;
import dev.graft.bench.BenchReport;
import dev.graft.bench.EngineBench;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.Game;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;

/** {@code graft bench engine}: game-engine throughput on one thread. */
@Command(name = "engine", description = "Engine throughput on one thread: random playouts, legal-move generations, moves played.")
final class BenchEngineCommand implements Runnable {

    @ParentCommand
    BenchCommand bench;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Option(names = "--game", defaultValue = "domineering", description = "Game plugin (default: ${DEFAULT-VALUE}).")
    String game;

    @Option(names = "--board", defaultValue = "16", description = "Board size N (default: ${DEFAULT-VALUE}).")
    int board;

    @Option(names = "--seconds", defaultValue = "2", description = "Measuring window per figure, seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Also print one JSON line per figure.")
    boolean json;

    @Override
    public void run() {
        if (!(seconds > 0 && seconds <= 600)) {
            throw new dev.graft.io.UserInputException("--seconds " + seconds + ": give a window between 0 and 600 seconds.");
        }
        Game g = PluginOptions.<Game>create(bench.graft.inject(this).plugins,
                dev.graft.spi.PluginKind.GAME, game, "--game", Map.of("board", board)).plugin();
        var figures = new EngineBench(Duration.ofMillis(Math.max(200, (long) (seconds * 500))),
                Duration.ofMillis((long) (seconds * 1000))).run(g, seed);
        var out = spec.commandLine().getOut();
        BenchReport.print("graft bench engine — " + g.name() + " " + g.rows() + "×" + g.cols()
                + ", one thread, " + seconds + " s per figure", figures, json, out);
        out.flush();
    }
}

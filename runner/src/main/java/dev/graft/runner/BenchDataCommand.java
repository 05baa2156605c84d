package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.bench.BenchFigure;
import dev.graft.bench.BenchReport;
import dev.graft.data.GameGeneration;
import dev.graft.data.GamePositions;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.PluginKind;
import dev.graft.data.Batch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code graft bench data}: alpha-beta game generation on every core (games/s and total seconds) and
 * one-thread position sampling with the sector-balance targets (positions/s).
 */
@Command(name = "data", description = "Measure alpha-beta game generation and position sampling; print a table.")
final class BenchDataCommand implements Runnable {

    @ParentCommand
    BenchCommand bench;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Option(names = "--games", defaultValue = "1000", paramLabel = "K", description = "Games to generate (default: ${DEFAULT-VALUE}).")
    int games;

    @Option(names = "--board", defaultValue = "16", paramLabel = "N", description = "Board side (default: ${DEFAULT-VALUE}).")
    int board;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T", description = "Generation threads, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", defaultValue = "3", paramLabel = "S", description = "Sampling window in seconds, after a 1 s warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Also print one JSON line per figure.")
    boolean json;

    @Override
    public void run() {
        DataCommand.requirePositive("--games", games);
        if (!(seconds > 0)) {
            throw new dev.graft.io.UserInputException("--seconds " + seconds + ": must be positive");
        }
        PluginCatalog catalog = bench.graft.inject(this).plugins;
        Game game = DataCommand.game(catalog, "domineering", board);
        GameGenerator generator = PluginOptions.<GameGenerator>create(catalog, PluginKind.GAME_GENERATOR, "alphabeta",
                "generator", Map.of()).plugin();
        AuxiliaryTask sectors = PluginOptions.<AuxiliaryTask>create(catalog, PluginKind.AUXILIARY_TASK, "sector-balance",
                "aux", Map.of()).plugin();
        int workers = GameGeneration.threadsFor(threads);
        String where = String.format(Locale.ROOT, "%s %d×%d", game.name(), game.rows(), game.cols());

        long t0 = System.nanoTime();
        List<GameRecord> records = new GameGeneration(workers, false).generate(game, generator, games, seed);
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        double meanLength = records.stream().mapToInt(GameRecord::length).average().orElse(0);

        int[] all = new int[records.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        GamePositions positions = new GamePositions(game, records, all, List.of(sectors), seed);
        int batch = 256;
        long sink = 0;
        long from = 0;
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            Batch b = positions.read(from, batch);
            from += batch;
            sink += b.policy()[0];
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long counted = 0;
        long now = start;
        while (now < end) {
            Batch b = positions.read(from, batch);
            from += batch;
            counted += batch;
            sink += b.policy()[batch - 1];
            now = System.nanoTime();
        }
        double perSecond = counted * 1e9 / (now - start);

        List<BenchFigure> figures = new ArrayList<>();
        figures.add(new BenchFigure("alphabeta-generation", games / genSeconds, "games/s",
                String.format(Locale.ROOT, "%,d games %s, %d threads, mean length %.1f", games, where, workers, meanLength)));
        figures.add(new BenchFigure("alphabeta-generation-time", genSeconds, "s",
                String.format(Locale.ROOT, "wall time for the %,d games (target ≤ 60 s for 1,000 on 16×16)", games)));
        figures.add(new BenchFigure("position-sampling", perSecond, "positions/s",
                String.format(Locale.ROOT, "%s, 1 thread, sector-balance targets, PositionSource.read batches of %d,"
                        + " %,d positions in %.1f s (checksum %d)", where, batch, counted, (now - start) / 1e9, sink % 10)));
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        BenchReport.print("graft bench data", figures, json, out);
        out.flush();
        spec.commandLine().getOut().print(buffer.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
    }
}

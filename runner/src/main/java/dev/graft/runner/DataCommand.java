package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.data.GameGeneration;
import dev.graft.data.GamePositions;
import dev.graft.data.GameRecordsFile;
import dev.graft.data.PositionDump;
import dev.graft.data.PositionRef;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.PluginKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code graft data generate|dump}: make game records; write positions as .npy for other tools. */
@Command(name = "data", description = "Generate game records (.npz) and dump training positions (.npy).",
        subcommands = {DataCommand.Generate.class, DataCommand.Dump.class, DataStreamCommand.class})
final class DataCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing subcommand: give generate or dump (see graft data --help).");
    }

    /** Injected by {@link GraftCommand#inject} when a subcommand first asks for {@link #catalog()}. */
    @Inject
    PluginCatalog plugins;

    PluginCatalog catalog() {
        return graft.inject(this).plugins;
    }

    static Game game(PluginCatalog catalog, String name, Integer board) {
        Map<String, Object> given = board == null ? Map.of() : Map.of("board", board);
        PluginOptions.Made<Game> made = PluginOptions.create(catalog, PluginKind.GAME, name, "--game", given);
        return made.plugin();
    }

    static void requirePositive(String flag, long value) {
        if (value < 1) {
            throw new UserInputException(flag + " " + value + ": must be a positive count");
        }
    }

    /** {@code graft data generate}. */
    @Command(name = "generate", description = "Play games with a generator and write them as a game-record .npz.")
    static final class Generate implements Runnable {
        @ParentCommand
        DataCommand data;

        @Spec
        CommandSpec spec;

        @Option(names = "--game", defaultValue = "domineering", description = "Game plugin (default: ${DEFAULT-VALUE}).")
        String game;

        @Option(names = "--board", paramLabel = "N", description = "Board side, passed as the game's 'board' option.")
        Integer board;

        @Option(names = "--generator", defaultValue = "alphabeta", description = "Generator plugin (default: ${DEFAULT-VALUE}).")
        String generator;

        @Option(names = "--games", required = true, paramLabel = "K", description = "Number of games.")
        int games;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed; game i uses a seed from (S, i) (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "0", paramLabel = "T", description = "Worker threads, 0 = all cores (default: ${DEFAULT-VALUE}); never changes the games.")
        int threads;

        @Option(names = "--set-option", paramLabel = "KEY=VALUE", description = "A generator option (repeatable), e.g. --set-option opening=8.")
        Map<String, String> generatorOptions = new LinkedHashMap<>();

        @Option(names = "--no-progress", description = "No progress bar (none is shown when the output is not a terminal).")
        boolean noProgress;

        @Option(names = "--out", required = true, paramLabel = "F.npz", description = "Output game-record file.")
        Path out;

        @Override
        public void run() {
            requirePositive("--games", games);
            PluginCatalog catalog = data.catalog();
            Game g = game(catalog, game, board);
            PluginOptions.Made<GameGenerator> gen = PluginOptions.create(catalog, PluginKind.GAME_GENERATOR,
                    generator, "--generator", generatorOptions);
            int workers = GameGeneration.threadsFor(threads);
            long start = System.nanoTime();
            List<GameRecord> records = new GameGeneration(workers, !noProgress && System.console() != null).generate(g, gen.plugin(), games, seed);
            double seconds = (System.nanoTime() - start) / 1e9;
            GameRecordsFile.write(out, g, records);
            long wins = records.stream().filter(r -> r.winner() == 0).count();
            long draws = records.stream().filter(GameRecord::isDraw).count();
            double meanLength = records.stream().mapToInt(GameRecord::length).average().orElse(0);
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "wrote %,d %s %d×%d games (%s %s) to %s in %.1f s on %d threads:"
                            + " %.1f games/s, mean length %.1f, first player won %.1f %%%s%n",
                    records.size(), g.name(), g.rows(), g.cols(), generator, gen.options(), out, seconds, workers,
                    records.size() / Math.max(seconds, 1e-9), meanLength, 100.0 * wins / Math.max(1, records.size()),
                    draws == 0 ? "" : String.format(Locale.ROOT, ", drawn %.1f %%", 100.0 * draws / records.size()));
            pw.flush();
        }
    }

    /** {@code graft data dump}. */
    @Command(name = "dump", description = "Write K training positions of a game-record file as .npy files in a new folder.")
    static final class Dump implements Runnable {
        @ParentCommand
        DataCommand data;

        @Spec
        CommandSpec spec;

        @Option(names = "--game", defaultValue = "domineering", description = "Game plugin (default: ${DEFAULT-VALUE}).")
        String game;

        @Option(names = "--board", paramLabel = "N", description = "Board side; default: read from the file's 'board' array.")
        Integer board;

        @Option(names = "--games", required = true, paramLabel = "F.npz", description = "Game-record file.")
        Path games;

        @Option(names = "--positions", required = true, paramLabel = "K", description = "Number of positions (distinct, at most all positions after the openings).")
        int positions;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the position order and symmetries (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--aux", paramLabel = "TASK[:K=V,…]", description = "Auxiliary task plugin whose targets go to aux.npy, with its options (repeatable, concatenated), e.g. sector-balance or sector-balance:scale=1,sector=4; dump.json records the resolved options.")
        List<String> aux = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "New folder for the .npy files.")
        Path out;

        @Override
        public void run() {
            requirePositive("--positions", positions);
            PluginCatalog catalog = data.catalog();
            Integer side = board;
            if (side == null) {
                int[] shape = GameRecordsFile.boardShape(games).orElseThrow(() -> new UserInputException(games
                        + " has no 'board' array (not written by graft); give the board size with --board N"));
                side = shape[0];
            }
            Game g = game(catalog, game, side);
            List<GameRecord> records = GameRecordsFile.read(games, g);
            List<AuxiliaryTask> tasks = new ArrayList<>();
            List<DumpManifest.Task> described = new ArrayList<>();
            for (String text : aux) {
                AuxArgument a = AuxArgument.parse(text);
                PluginOptions.Made<AuxiliaryTask> t = PluginOptions.create(catalog, PluginKind.AUXILIARY_TASK, a.name(),
                        "--aux", a.options());
                tasks.add(t.plugin());
                described.add(new DumpManifest.Task(a.name(), t.options(), t.plugin().outputs(g)));
            }
            int[] all = new int[records.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            GamePositions source = new GamePositions(g, records, all, tasks, seed);
            if (positions > source.positionsPerEpoch()) {
                throw new UserInputException("--positions " + positions + ": " + games + " holds only "
                        + source.positionsPerEpoch() + " positions after the openings; give --positions ≤ "
                        + source.positionsPerEpoch());
            }
            PositionRef[] refs = new PositionRef[positions];
            for (int i = 0; i < positions; i++) {
                refs[i] = source.locate(i);
            }
            String manifest;
            try {
                manifest = DumpManifest.json(game, PluginOptions.create(catalog, PluginKind.GAME, game, "--game",
                        Map.of("board", side)).options(), side, described, seed, positions,
                        games.toAbsolutePath().normalize().toString(), dev.graft.io.CacheEntry.sha256(games));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not read " + games + ": " + e.getMessage(), e);
            }
            PositionDump.write(out, source, refs, Map.of(DumpManifest.FILE, manifest));
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "wrote %,d positions of %,d games (%d aux outputs) to %s%n", positions,
                    records.size(), source.auxOutputs(), out);
            pw.flush();
        }
    }
}

package dev.graft.runner;

import dev.graft.data.GameGeneration;
import dev.graft.data.GameMix;
import dev.graft.data.SampledPositions;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spec.DataSpec;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.PositionsSpec;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * A few games of each part of the spec's mix, played now, for {@code graft plan}'s estimates before any data
 * exists: each generator's seconds per game on one core, and the share of games no longer than
 * {@code min_ply} (which give no positions) with the mean plies per game. A generator that trains between
 * rounds (value self-play) or reads a file is not played; the uniformly random generator's games stand in
 * for its lengths.
 *
 * @param secondsPerGame one core's seconds per game of each part; NaN for a part not played
 * @param counts         games each part plays
 * @param shortShare     share of the games no longer than min_ply, weighted by the parts' counts
 * @param meanPlies      mean plies per game, weighted likewise
 * @param proxied        the parts whose lengths the random generator's games stand in for
 * @param estimated      per part, how its time was estimated rather than played (value self-play), else null
 */
record DataSample(double[] secondsPerGame, int[] counts, double shortShare, double meanPlies, List<String> proxied,
                  String[] estimated) {
    /** Games played per generator for the time (a search generator on 16×16 takes a second or so each). */
    static final int TIMED_GAMES = 2;
    /** Random games played for lengths (fast). */
    static final int LENGTH_GAMES = 64;

    /** Whether a generator's games can be played for a sample (not one that trains first or reads a file). */
    static boolean playable(String generator) {
        return !generator.equals("value-selfplay") && !generator.equals("file");
    }

    static DataSample measure(GraftSpec spec, PluginCatalog catalog) {
        DataSpec d = spec.data();
        List<DataSpec.Part> parts = d.parts();
        int[] counts = GameMix.counts(parts.stream().mapToDouble(DataSpec.Part::fraction).toArray(), d.games());
        Game game = PluginOptions.<Game>create(catalog, PluginKind.GAME, spec.game().name(), "game",
                spec.game().options().asMap()).plugin();
        PositionsSpec p = spec.training().positions();
        int minPly = p.minPly() == PositionsSpec.BOARD_DEFAULT ? SampledPositions.defaultMinPly(game) : p.minPly();
        double[] seconds = new double[parts.size()];
        double shortShare = 0;
        double plies = 0;
        List<String> proxied = new ArrayList<>();
        double[] randomLengths = null;
        String[] estimated = new String[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i).generator().name();
            double share = (double) counts[i] / Math.max(1, d.games());
            double[] lengths;
            if (playable(name)) {
                GameGenerator g = PluginOptions.<GameGenerator>create(catalog, PluginKind.GAME_GENERATOR, name, "generator",
                        parts.get(i).generator().options().asMap()).plugin();
                long start = System.nanoTime();
                List<GameRecord> played = new GameGeneration(1, false).generate(game, g, TIMED_GAMES, spec.seed());
                seconds[i] = (System.nanoTime() - start) / 1e9 / TIMED_GAMES;
                lengths = name.equals("random") ? randomLengths(catalog, game, spec.seed()) : lengths(played);
            } else {
                seconds[i] = Double.NaN;
                if (randomLengths == null) {
                    randomLengths = randomLengths(catalog, game, spec.seed());
                }
                lengths = randomLengths;
                proxied.add(name);
                GameGenerator g = PluginOptions.<GameGenerator>create(catalog, PluginKind.GAME_GENERATOR, name, "generator",
                        parts.get(i).generator().options().asMap()).plugin();
                var work = counts[i] == 0 ? java.util.Optional.<dev.graft.spi.PrepareWork>empty() : g.work(game, counts[i]);
                if (work.isPresent()) {
                    List<GameRecord> random = randomGames(catalog, game, spec.seed());
                    long start = System.nanoTime();
                    randomGames(catalog, game, spec.seed() + 1);
                    double randomPerGame = (System.nanoTime() - start) / 1e9 / LENGTH_GAMES;
                    SelfPlayCost cost = SelfPlayCost.measure(game, work.get(), random, randomPerGame);
                    seconds[i] = cost.seconds() / counts[i];
                    estimated[i] = cost.describe(work.get());
                }
            }
            int isShort = 0;
            double sum = 0;
            for (double l : lengths) {
                isShort += l <= minPly ? 1 : 0;
                sum += l;
            }
            shortShare += share * isShort / lengths.length;
            plies += share * sum / lengths.length;
        }
        return new DataSample(seconds, counts, shortShare, plies, List.copyOf(proxied), estimated);
    }

    /** One core's seconds for every part that was played (the others are not counted). */
    double playedCoreSeconds() {
        double total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (!Double.isNaN(secondsPerGame[i])) {
                total += secondsPerGame[i] * counts[i];
            }
        }
        return total;
    }

    private static double[] randomLengths(PluginCatalog catalog, Game game, long seed) {
        return lengths(randomGames(catalog, game, seed));
    }

    private static List<GameRecord> randomGames(PluginCatalog catalog, Game game, long seed) {
        GameGenerator random = PluginOptions.<GameGenerator>create(catalog, PluginKind.GAME_GENERATOR, "random",
                "generator", java.util.Map.of()).plugin();
        return new GameGeneration(1, false).generate(game, random, LENGTH_GAMES, seed ^ 0x1E5L);
    }

    private static double[] lengths(List<GameRecord> games) {
        return games.stream().mapToDouble(GameRecord::length).toArray();
    }
}

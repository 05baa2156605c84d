package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.PluginContext;
import dev.graft.spi.ValueNetwork;

import java.util.List;
import java.util.Locale;

/**
 * What both self-play algorithms do in a round, through the engine's services: play a batch of
 * games on the preparing threads, train a value network on games, and log a line.
 */
final class SelfPlayRounds {
    private final PluginContext context;
    private final int preparingThreads;

    SelfPlayRounds(PluginContext context, int preparingThreads) {
        this.context = context;
        this.preparingThreads = Math.max(1, preparingThreads);
    }

    PluginContext context() {
        return context;
    }

    List<GameRecord> generate(Game game, GameGenerator players, int count, long seed) {
        return context.gameBatches().generate(game, players, count, seed, preparingThreads);
    }

    /**
     * {@code steps} AdamW steps of value loss on positions of {@code games}: at a constant rate
     * (fast) or a cosine from the rate to 0 (study). Returns the mean value loss of the last tenth
     * of steps (NaN with no steps).
     */
    static double train(ValueNetwork model, List<GameRecord> games, long roundSeed, int steps,
                        ValueSelfPlaySettings.Resolved r, boolean cosine) {
        try {
            return model.train(games, roundSeed, new ValueNetwork.Training(steps, r.batch(), r.lr(), cosine,
                    ValueSelfPlayGenerator.WEIGHT_DECAY));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("value-selfplay: " + e.getMessage() + " (the option lr, now " + r.lr()
                    + ")", e);
        }
    }

    void log(String format, Object... args) {
        context.log(ValueSelfPlayGenerator.class).info(String.format(Locale.ROOT, format, args));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String seconds(long started) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9);
    }
}

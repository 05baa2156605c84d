package dev.graft.spi;

import java.util.List;

/** Plays batches of games as the engine's data stage does: game {@code i} from its own seed, on any thread. */
public interface GameBatches {

    /**
     * The seed of game {@code index} of a batch seeded {@code seed} (a fixed mixing function, the
     * one the data stage uses), for plugins that derive per-round or per-game seeds the same way.
     */
    long gameSeed(long seed, int index);

    /**
     * Calls {@code generator.prepare(game, seed, count)} once, then plays games {@code 0 … count−1}
     * on up to {@code threads} worker threads (one {@link GameGenerator.GamePlayer} each), game
     * {@code i} with {@link #gameSeed gameSeed(seed, i)}. The records, in index order, do not depend on
     * {@code threads}. A {@link PluginInputException} from a player is rethrown as it is; any other
     * failure names the game and its seed.
     */
    List<GameRecord> generate(Game game, GameGenerator generator, int count, long seed, int threads);
}

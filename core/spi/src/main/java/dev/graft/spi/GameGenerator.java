package dev.graft.spi;

/**
 * Produces game records for a game. The framework generates game {@code i} of a batch with seed
 * {@code f(seed, i)} on any worker thread, so a player's output must depend on that seed alone.
 */
public interface GameGenerator {

    /** Empty when this generator can play {@code game}; otherwise why not. */
    default java.util.Optional<String> incompatibility(Game game) {
        return java.util.Optional.empty();
    }

    /**
     * What decides this generator's games beyond its options, for the data cache key, e.g.
     * {@code {sha256: ...}} of a file it reads; a change regenerates the games. Called before
     * {@link #prepare}; may read files (never plays games). Empty for most generators.
     */
    default java.util.Map<String, String> cacheInputs() {
        return java.util.Map.of();
    }

    /**
     * One-off work before any game is played (e.g. training a value network), deterministic in
     * {@code seed}. Called once, on one thread.
     */
    default void prepare(Game game, long seed) {
    }

    /**
     * {@link #prepare(Game, long)} knowing how many games will be asked for (indices
     * {@code 0 … games−1}); the framework calls this one. Generators whose output is a fixed list
     * (games read from a file, games recorded while training) override it and may refuse a count
     * they cannot give. The default ignores the count.
     */
    default void prepare(Game game, long seed, int games) {
        prepare(game, seed);
    }

    /**
     * Whether a batch of this generator's games may be made as several tasks ({@code data.shards}), each
     * calling {@link #prepare(Game, long, int)} for the whole batch on its own instance and then playing a
     * range of indices. True by default; false where {@code prepare} itself makes the games (so every shard
     * would redo all the work), as the value-selfplay study preset records its games while training.
     */
    default boolean shardable(Game game) {
        return true;
    }

    /**
     * What preparing a batch of {@code games} games and playing them is expected to cost, for a generator whose
     * games are played by a value network it trains (for {@code graft plan}); empty for one whose games the
     * planner can time by playing a couple.
     */
    default java.util.Optional<PrepareWork> work(Game game, int games) {
        return java.util.Optional.empty();
    }

    /** A player owned by one worker thread (it may keep tables between games). */
    GamePlayer newPlayer(Game game);

    /** Plays whole games; used by one thread at a time. */
    interface GamePlayer {
        /** Plays one complete game whose every random choice derives from {@code seed}. */
        GameRecord play(long seed);

        /**
         * Game {@code index} of the batch (0-based), played with {@code seed}; the framework calls
         * this one. The default ignores the index; a generator that hands out a fixed list of games
         * returns its {@code index}-th.
         */
        default GameRecord play(int index, long seed) {
            return play(seed);
        }
    }
}

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
     * One-off work before any game is played (e.g. training a value network), deterministic in
     * {@code seed}. Called once, on one thread.
     */
    default void prepare(Game game, long seed) {
    }

    /** A player owned by one worker thread (it may keep tables between games). */
    GamePlayer newPlayer(Game game);

    /** Plays whole games; used by one thread at a time. */
    interface GamePlayer {
        /** Plays one complete game whose every random choice derives from {@code seed}. */
        GameRecord play(long seed);
    }
}

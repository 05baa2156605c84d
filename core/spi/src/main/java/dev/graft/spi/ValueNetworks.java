package dev.graft.spi;

/** Makes value networks: the engine's transformer for one game with its value head only. */
public interface ValueNetworks {

    /** How a new network's parameters are drawn. */
    enum Initialisation {
        /** The study's initialisation (the one every experiment model gets). */
        STUDY,
        /** Every weight from a normal distribution of small deviation. */
        SMALL_NORMAL
    }

    /** A new network for {@code game} of {@code shape}, its parameters drawn from {@code seed}. */
    ValueNetwork create(Game game, ModelShape shape, long seed, Initialisation init);
}

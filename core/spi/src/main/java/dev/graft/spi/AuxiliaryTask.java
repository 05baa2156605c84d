package dev.graft.spi;

import java.util.Optional;

/** An extra target computed from a position, e.g. per-sector mobility balance. */
public interface AuxiliaryTask {

    /** Empty when this task can compute targets for {@code game}; otherwise a sentence saying why not and what would fit. */
    Optional<String> incompatibility(Game game);

    /** Number of target values per position for {@code game}. */
    int outputs(Game game);

    /** Writes {@link #outputs(Game)} values for {@code state} into {@code out} at {@code offset}. */
    void targets(Game game, GameState state, float[] out, int offset);
}

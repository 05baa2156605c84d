package dev.graft.data;

/**
 * Training or validation positions, deterministic so that a resumed run sees exactly the data an
 * uninterrupted one would.
 */
public interface PositionSource {

    /** Positions in one epoch. */
    long positionsPerEpoch();

    /**
     * Positions {@code [from, from + count)} of the endless epoch-ordered stream: epoch
     * {@code e = index / positionsPerEpoch()} is a permutation of the epoch's positions that depends
     * only on the source's seed and {@code e}.
     */
    Batch read(long from, int count);

    /** {@code count} positions chosen from {@code key} alone: the same key gives the same positions. */
    Batch sample(long key, int count);
}

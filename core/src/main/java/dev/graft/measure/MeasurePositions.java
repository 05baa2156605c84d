package dev.graft.measure;

import java.util.Objects;

/**
 * The positions a run measures on: the first n of the probe set, as token ids, with their auxiliary
 * targets, the games' outcomes and the held-out rows a measure that fits a map scores on.
 *
 * @param tokenIds n·tokens token ids, position-major
 * @param targets  [n][outputs] auxiliary targets
 * @param outcomes [n] 1 where the first player won, else 0
 * @param heldout  [n] the rows held out from any fit
 */
public record MeasurePositions(int n, byte[] tokenIds, float[][] targets, float[] outcomes, boolean[] heldout) {
    public MeasurePositions {
        Objects.requireNonNull(tokenIds, "tokenIds");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(heldout, "heldout");
        if (n < 2 || targets.length != n || outcomes.length != n || heldout.length != n) {
            throw new IllegalArgumentException("measure positions: n = " + n + " needs ≥ 2 and as many targets ("
                    + targets.length + "), outcomes (" + outcomes.length + ") and held-out flags (" + heldout.length + ")");
        }
    }
}

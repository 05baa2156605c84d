package dev.graft.probe;

import java.util.Objects;

/**
 * One probe fit, one row of {@code probes.csv}.
 *
 * @param condition the condition trained, e.g. {@code graft+aux}
 * @param seed      its seed
 * @param step      finished training steps when probed (0 for the initialisation control)
 * @param layer     0-based layer whose CLS residual was read
 * @param probe     the probe's label, or a control's: {@code ridge}, {@code ridge/shuffled}, {@code ridge@init}
 * @param r2        the probe's score (R² on the held-out rows, averaged over outputs)
 * @param alpha     the regularisation used, when the probe reports one (NaN otherwise)
 * @param nTrain    rows fitted
 * @param nHeldout  rows scored
 * @param set       {@code periodic} (the probe set used during training) or {@code final}
 */
public record ProbeRow(String condition, long seed, long step, int layer, String probe, double r2, double alpha,
                       int nTrain, int nHeldout, String set) {

    public static final String PERIODIC = "periodic";
    public static final String FINAL = "final";

    public ProbeRow {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(set, "set");
    }

    /** The same row for another condition and seed (a shared initialisation's control, written per condition). */
    public ProbeRow forRun(String otherCondition, long otherSeed) {
        return new ProbeRow(otherCondition, otherSeed, step, layer, probe, r2, alpha, nTrain, nHeldout, set);
    }
}

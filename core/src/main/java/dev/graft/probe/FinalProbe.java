package dev.graft.probe;

import dev.graft.spi.Probe.ProbeResult;

import java.util.List;

/**
 * The probe after the last training step, on the final probe set, with everything another tool needs
 * to recompute each number ({@link ProbeFiles#writeFinal} writes it under {@code probes/}).
 *
 * @param rows   its probes.csv rows (set {@code final}), shuffled controls included
 * @param layers one entry per (probe, layer) fitted
 */
public record FinalProbe(String condition, long seed, long step, List<ProbeRow> rows, List<Layer> layers) {

    public FinalProbe {
        rows = List.copyOf(rows);
        layers = List.copyOf(layers);
    }

    /**
     * One probe's fit at one layer.
     *
     * @param schedule    the probe
     * @param primary     true for the first probe of the session, whose files go to {@code layer<k>/}
     *                    (the others' to {@code layer<k>-<label>/})
     * @param layer       0-based layer
     * @param activations [n][d_model] CLS residuals after the layer
     * @param targets     [n][outputs]
     * @param heldout     [n] the rows scored
     * @param result      the fit
     * @param shuffledR2  the shuffled control's score, NaN when not asked
     * @param row         the fit's probes.csv row
     */
    public record Layer(ProbeSchedule schedule, boolean primary, int layer, float[][] activations, float[][] targets,
                        boolean[] heldout, ProbeResult result, double shuffledR2, ProbeRow row) {
    }
}

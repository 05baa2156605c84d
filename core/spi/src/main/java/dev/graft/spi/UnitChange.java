package dev.graft.spi;

import java.util.Objects;

/**
 * A change to one part of one layer in a {@link MeasuredModel#run forward pass}: a head's output after
 * W_O, an MLP neuron's activation after the GELU, or the MLP output bias, zeroed, replaced by its mean over
 * the probe set (per token position), or patched with given values (e.g. another model's head output on the
 * same positions). Zeroing every head, every neuron and the MLP bias of a layer makes the layer add nothing
 * to the residual stream.
 *
 * @param layer  the block index
 * @param part   what is changed
 * @param index  the head or neuron (0 for the MLP bias)
 * @param mode   zero, mean over the probe set, or patch
 * @param values for {@link Mode#PATCH}: a head's output at every token of every position
 *               ({@code positions·tokens·d_model}) or a neuron's activations ({@code positions·tokens});
 *               null otherwise
 */
public record UnitChange(int layer, Part part, int index, Mode mode, float[] values) {

    /** The parts a change can touch. */
    public enum Part { HEAD, NEURON, MLP_BIAS }

    /** What is done to the part's contribution. */
    public enum Mode { ZERO, MEAN, PATCH }

    public UnitChange {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.PATCH) != (values != null)) {
            throw new IllegalArgumentException(mode == Mode.PATCH ? "a patch needs values" : mode + " takes no values");
        }
        if (part == Part.MLP_BIAS && mode != Mode.ZERO) {
            throw new IllegalArgumentException("the MLP output bias of layer " + layer + " can only be zeroed");
        }
    }

    public static UnitChange head(int layer, int head, Mode mode) {
        return new UnitChange(layer, Part.HEAD, head, mode, null);
    }

    public static UnitChange neuron(int layer, int neuron, Mode mode) {
        return new UnitChange(layer, Part.NEURON, neuron, mode, null);
    }

    public static UnitChange mlpBias(int layer) {
        return new UnitChange(layer, Part.MLP_BIAS, 0, Mode.ZERO, null);
    }

    /** Head {@code head}'s output replaced by {@code output} (positions·tokens·d_model floats). */
    public static UnitChange patchHead(int layer, int head, float[] output) {
        return new UnitChange(layer, Part.HEAD, head, Mode.PATCH, output);
    }
}

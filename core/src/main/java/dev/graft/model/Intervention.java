package dev.graft.model;

import java.util.Objects;

/**
 * One change to a forward pass: a component of one layer is zeroed or replaced with given values.
 * Components and what "its contribution" means:
 * <ul>
 *   <li>{@link Component#HEAD} {@code index} h: the head's output after W_O, {@code z_h·W_O[h]}
 *       [tokens, d_model] per position, the term the head adds to the residual stream
 *       (TransformerLens {@code blocks.l.attn.hook_result}). Zeroing it is exactly the pass of a model
 *       whose {@code W_O[h]} is zero. Replacement values are that output: {@code tokens·d_model} floats
 *       (the same for every position, e.g. a mean over positions) or {@code n·tokens·d_model} (one block
 *       per position of the pass, e.g. another model's output on the same positions), row-major
 *       [position][token][dimension].</li>
 *   <li>{@link Component#NEURON} {@code index} i: MLP neuron i's activation {@code gelu(x·W_in[:, i] + b_in[i])}
 *       per token (TransformerLens {@code blocks.l.mlp.hook_post}); its contribution to the residual is the
 *       activation times row i of W_out. Replacement values are activations: {@code tokens} floats (every
 *       position alike) or {@code n·tokens}.</li>
 *   <li>{@link Component#MLP_BIAS} (index 0, zero only): the MLP's output bias {@code b_out}, added to every
 *       token once per layer whatever the neurons do. With every head, every neuron and this bias of a layer
 *       zeroed, the layer adds exactly nothing to the residual stream.</li>
 * </ul>
 * Record equality compares {@code values} by reference.
 *
 * @param layer     the block index
 * @param component what is changed
 * @param index     the head or neuron (0 for the MLP bias)
 * @param mode      zero or replace
 * @param values    the replacement (REPLACE only; null for ZERO)
 */
public record Intervention(int layer, Component component, int index, Mode mode, float[] values) {

    /** What part of a layer an intervention changes. */
    public enum Component { HEAD, NEURON, MLP_BIAS }

    /** What it does to that part's contribution. */
    public enum Mode { ZERO, REPLACE }

    public Intervention {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.REPLACE) != (values != null)) {
            throw new IllegalArgumentException(mode == Mode.REPLACE
                    ? "a replacement of " + describe(layer, component, index) + " needs values"
                    : "zeroing " + describe(layer, component, index) + " takes no values");
        }
        if (component == Component.MLP_BIAS && (mode != Mode.ZERO || index != 0)) {
            throw new IllegalArgumentException("the MLP output bias of layer " + layer + " can only be zeroed,"
                    + " with index 0");
        }
    }

    public static Intervention zeroHead(int layer, int head) {
        return new Intervention(layer, Component.HEAD, head, Mode.ZERO, null);
    }

    /** Head {@code head}'s output replaced by {@code output} (tokens·d_model or n·tokens·d_model floats). */
    public static Intervention replaceHead(int layer, int head, float[] output) {
        return new Intervention(layer, Component.HEAD, head, Mode.REPLACE, output);
    }

    public static Intervention zeroNeuron(int layer, int neuron) {
        return new Intervention(layer, Component.NEURON, neuron, Mode.ZERO, null);
    }

    /** Neuron {@code neuron}'s activation replaced by {@code activation} (tokens or n·tokens floats). */
    public static Intervention replaceNeuron(int layer, int neuron, float[] activation) {
        return new Intervention(layer, Component.NEURON, neuron, Mode.REPLACE, activation);
    }

    public static Intervention zeroMlpBias(int layer) {
        return new Intervention(layer, Component.MLP_BIAS, 0, Mode.ZERO, null);
    }

    /** For messages, e.g. {@code head 3 of layer 1}. */
    public String describe() {
        return describe(layer, component, index);
    }

    private static String describe(int layer, Component component, int index) {
        return switch (component) {
            case HEAD -> "head " + index + " of layer " + layer;
            case NEURON -> "MLP neuron " + index + " of layer " + layer;
            case MLP_BIAS -> "the MLP output bias of layer " + layer;
        };
    }
}

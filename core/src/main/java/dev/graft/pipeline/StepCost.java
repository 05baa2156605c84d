package dev.graft.pipeline;

import dev.graft.spi.ModelShape;

/**
 * What decides how long one training step takes: the model's shape, the batch, the sequence length
 * and move count of the game, and the auxiliary head's width. Stages with equal costs take the same
 * time per step, so one measurement serves all of them.
 */
public record StepCost(ModelShape shape, int batch, int tokens, int moves, int auxOutputs) {

    /** The plain map stored in a training artifact's manifest. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("shape", java.util.List.of(shape.dModel(), shape.dHead(), shape.heads(), shape.layers(), shape.dMlp()));
        m.put("batch", batch);
        m.put("tokens", tokens);
        m.put("moves", moves);
        m.put("aux_outputs", auxOutputs);
        return m;
    }
}

package dev.graft.model;

/**
 * What one forward pass over n positions gives: the heads' outputs and, for probes, the CLS token's
 * residual stream after every layer (before the final LayerNorm).
 *
 * @param outputs      value, policy and auxiliary outputs
 * @param clsResiduals [layers][n][d_model]
 */
public record ForwardResult(ModelOutputs outputs, float[][][] clsResiduals) {
}

package dev.graft.model;

/**
 * Raw outputs of a forward pass on n positions.
 *
 * @param value  [n] value logits (sigmoid gives P(first player wins))
 * @param policy [n][moves] policy logits before masking illegal moves
 * @param aux    [n][auxOutputs] auxiliary predictions ([n][0] without an aux head)
 */
public record ModelOutputs(float[] value, float[][] policy, float[][] aux) {
}

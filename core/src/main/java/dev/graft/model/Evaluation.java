package dev.graft.model;

/**
 * Loss and accuracy of a model on some positions.
 *
 * @param loss          batch-mean loss terms
 * @param valueAccuracy share of positions whose value logit has the sign of the outcome
 * @param policyTop1    share of positions whose best legal move is the move played
 * @param count         positions scored
 */
public record Evaluation(LossParts loss, double valueAccuracy, double policyTop1, int count) {
}

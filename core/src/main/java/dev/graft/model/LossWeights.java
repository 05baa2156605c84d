package dev.graft.model;

/** Weights of the loss terms: total = value·BCE + policy·CE + aux·MSE; aux = 0 switches the auxiliary term off. */
public record LossWeights(double value, double policy, double aux) {
}

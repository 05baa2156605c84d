package dev.graft.model;

/** The weighted total and the unweighted terms of one batch's loss (each a batch mean). */
public record LossParts(double total, double value, double policy, double aux) {
}

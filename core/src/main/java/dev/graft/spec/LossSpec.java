package dev.graft.spec;

/** Weights of the value, policy and auxiliary loss terms. */
public record LossSpec(double value, double policy, double aux) {

    static LossSpec from(Section s) {
        return new LossSpec(s.number("value"), s.number("policy"), s.number("aux"));
    }
}

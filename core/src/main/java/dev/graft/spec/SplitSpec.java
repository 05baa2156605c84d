package dev.graft.spec;

/** Fractions of the games in each split; they sum to 1. */
public record SplitSpec(double train, double validation, double test) {

    static SplitSpec from(Section s) {
        return new SplitSpec(s.number("train"), s.number("validation"), s.number("test"));
    }
}

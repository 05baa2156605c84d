package dev.graft.spec;

/** Positions per training step for small and large models. */
public record BatchSizes(int small, int large) {

    static BatchSizes from(Section s) {
        return new BatchSizes(s.integer("small"), s.integer("large"));
    }
}

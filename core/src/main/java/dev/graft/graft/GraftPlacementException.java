package dev.graft.graft;

import java.util.List;

/** A grafted model's weights are not where its plan puts them (the run stops, exit 1); the message lists where. */
public class GraftPlacementException extends RuntimeException {
    private final List<String> problems;

    public GraftPlacementException(List<String> problems) {
        super("graft placement check failed: " + problems.size() + " misplaced value(s), first: "
                + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                + ". The grafted model is not what the plan says, so training it would not test the graft");
        this.problems = List.copyOf(problems);
    }

    /** Every problem found (at most a few per parameter). */
    public List<String> problems() {
        return problems;
    }
}

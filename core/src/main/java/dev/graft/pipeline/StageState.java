package dev.graft.pipeline;

/**
 * Where a stage's artifact stands in the cache.
 *
 * @param status   cached (complete), partial (started, resumable) or missing
 * @param step     for a partial training stage, the step of its newest checkpoint; else 0
 * @param steps    the stage's total steps when known (training stages), else 0
 */
public record StageState(Status status, long step, long steps) {

    public enum Status { CACHED, PARTIAL, MISSING }

    public static final StageState CACHED = new StageState(Status.CACHED, 0, 0);
    public static final StageState MISSING = new StageState(Status.MISSING, 0, 0);

    public static StageState partial(long step, long steps) {
        return new StageState(Status.PARTIAL, step, steps);
    }

    public boolean cached() {
        return status == Status.CACHED;
    }

    /** "cached", "partial (step 120 of 302)" or "to run". */
    public String label() {
        return switch (status) {
            case CACHED -> "cached";
            case PARTIAL -> steps > 0 ? "partial (step " + step + " of " + steps + ")" : "partial";
            case MISSING -> "to run";
        };
    }
}

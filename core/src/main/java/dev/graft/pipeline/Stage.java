package dev.graft.pipeline;

/**
 * One step of a run (generate data, train a model, …). A stage's artifact is keyed by a hash of
 * everything that determines it, so a finished stage is skipped on a rerun and an interrupted one
 * resumes.
 */
public interface Stage {

    /** Short id, unique within a run, e.g. {@code data} or {@code train-small+aux}. */
    String id();

    /** One line for {@code graft plan}: what the stage does and roughly how much. */
    String describe();

    /** Content hash of everything that determines the stage's artifact. */
    String key();

    /** True when the artifact is complete and would be reused. */
    boolean done();

    /** Produces the artifact (resuming partial work where the stage supports it). */
    void run() throws Exception;
}

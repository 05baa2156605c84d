package dev.graft.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * One node of a run's DAG: generate the games, train a small model of one condition and seed, make a
 * large model's random initialisation, graft, train a large model. A stage declares its inputs; its
 * {@link #key()} covers its settings, its inputs' keys, the seed and the code versions involved, and
 * names its artifact in the {@link ArtifactCache}. A stage is idempotent: run again after a kill it
 * resumes or redoes its work and commits the same artifact.
 */
public interface Stage {

    /** The stage kind: {@code data}, {@code train-small}, {@code init-large}, {@code graft}, {@code train-large}, … */
    String kind();

    /** Unique within a run, e.g. {@code train-large graft+aux seed=42}. */
    String id();

    /** One line: what the stage makes. */
    String describe();

    /** The stages whose artifacts this one reads. */
    List<Stage> inputs();

    /** The content key of the artifact. */
    StageKey key();

    /** Whether the artifact is complete, partly made, or missing. Never produces anything. */
    StageState state();

    /**
     * Optimizer steps the stage runs when it has to run in full (0 for stages that do not train), or
     * −1 when that is not known yet (it depends on data not generated yet).
     */
    default long steps() {
        return 0;
    }

    /** What decides the time one step takes, for cost estimates; null for stages that do not train. */
    default StepCost stepCost() {
        return null;
    }

    /** Produces the artifact (resuming partial work where the stage can) and commits it to the cache. */
    void run() throws Exception;

    /** Links (or copies) what the run uses of the finished artifact into the run folder. */
    default void record(RunDirectory run) throws IOException {
    }
}

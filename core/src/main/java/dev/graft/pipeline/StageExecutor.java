package dev.graft.pipeline;

/**
 * Runs a DAG's stages. An executor decides only when and where stages run (one after another,
 * several at once, as tasks of a cluster job); what a stage does and which artifact it makes are
 * the stage's, so every executor produces the same artifacts.
 */
public interface StageExecutor {

    /** Runs every stage whose artifact is not complete, each after its inputs; reports to {@code listener}. */
    void execute(StageGraph graph, StageListener listener) throws Exception;
}

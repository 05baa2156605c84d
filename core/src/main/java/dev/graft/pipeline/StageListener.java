package dev.graft.pipeline;

/** What an executor tells about the stages it goes through. */
public interface StageListener {

    /** The stage's artifact is complete: it is reused, not run. */
    default void reusing(Stage stage, int index, int count) {
    }

    /** The stage is about to run; {@code before} says whether it starts afresh or resumes. */
    default void running(Stage stage, int index, int count, StageState before) {
    }

    /** The stage's artifact is complete now (it ran or was reused). */
    default void finished(Stage stage) throws Exception {
    }
}

package dev.graft.spark;

import java.io.Serializable;

/**
 * What a task says about its stage: done (ran or found complete), or failed for a reason of the stage's
 * own (bad data, a graft that changes the function). Such a failure is a result, not a task failure, so
 * Spark does not retry a deterministic error; only lost executors and JVM errors are retried.
 *
 * @param stageId   the stage's id
 * @param ran       whether this task ran the stage (false: its artifact was already complete)
 * @param error     the stage's own message, or null when it succeeded
 * @param userError whether the error is the input's (exit 2) rather than the run's (exit 1)
 * @param host      where the task ran
 */
record TaskOutcome(String stageId, boolean ran, String error, boolean userError, String host) implements Serializable {
    private static final long serialVersionUID = 1L;

    boolean failed() {
        return error != null;
    }
}

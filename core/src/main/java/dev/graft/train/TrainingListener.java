package dev.graft.train;

import dev.graft.model.TrainableModel;

/**
 * Watches a {@link Trainer} at step boundaries (e.g. probes that read the model every 1,000 steps).
 * A listener may read the model but must not change it, its gradients or anything the trainer reads:
 * a run with listeners reaches the same weights as one without. Every method has a no-op default.
 *
 * <p>Order within {@link Trainer#train()}: {@link #beforeTraining} once, after the trainer has resumed
 * (or not) and rewound its metrics; then, after each optimiser step {@code n} has been logged and
 * validated, {@link #afterStep}; after the last step also {@link #afterTraining}; only then the step's
 * checkpoint, if one is due. So whatever a listener writes for step {@code n} is on disk before the
 * checkpoint that a resumed run would start from, and a resume from step {@code c} tells the listener
 * (through {@code beforeTraining(c, false, …)}) to forget what it wrote after {@code c}.
 */
public interface TrainingListener {

    /**
     * Called once before the first step of this call to {@link Trainer#train()}.
     *
     * @param startStep finished steps the model already has (0 on a fresh start)
     * @param fresh     true when no checkpoint was found and training starts from the initial weights
     */
    default void beforeTraining(long startStep, boolean fresh, TrainableModel model) {
    }

    /** Called after step {@code step} (the count of finished steps, 1 after the first). */
    default void afterStep(long step, TrainableModel model) {
    }

    /** Called after the last step's {@link #afterStep}, before its final checkpoint. */
    default void afterTraining(long step, TrainableModel model) {
    }

    /** A few words for the progress line, e.g. {@code R²@L2 0.312}; empty for nothing. */
    default String status() {
        return "";
    }
}

package dev.graft.spi;

import java.util.Optional;

/**
 * What one measurement pass gives a {@link Measure}: the model being measured at its step, on the run's
 * probe set, and, for a grafted condition, the source small model and the large model it started from
 * (the graft at step 0) with the graft plan that says which large head and neuron came from which small
 * one. The engine makes one per model and step; the models' activations are computed once and shared by
 * every measure of the pass.
 */
public interface MeasureContext {

    /** The model measured, at {@link #step()}. */
    MeasuredModel model();

    /** The training step of {@link #model()} (0: before training). */
    long step();

    /** The condition's name. */
    String condition();

    /**
     * The model this one started from at step 0 (for a graft: the grafted model before training; for the
     * baseline: its initialisation). At step 0 it is the model itself.
     */
    MeasuredModel start();

    /** The source small model of a grafted condition (the checkpoint the graft copied); empty otherwise. */
    Optional<MeasuredModel> source();

    /**
     * The graft plan of a grafted condition (which large head and neuron came from which small one). For a
     * large condition that is not grafted (the baseline), the first grafted condition's plan, so that a
     * measure can read the same indices of it as a control; there {@link #source()} is empty. Empty when the
     * spec grafts nothing.
     */
    Optional<GraftPlan> plan();

    /** The layers of {@link #model()} the spec asks this measure to read, in increasing order (all by default). */
    java.util.List<Integer> layers();

    /** The auxiliary targets of the probe positions, {@code [positions][outputs]} (no columns without tasks). */
    float[][] auxTargets();

    /** The games' outcomes at the probe positions: 1 where the first player won, else 0. */
    float[] outcomes();

    /**
     * The probe set's held-out rows (the ridge probe's split, fixed by the spec's seed): a measure that fits
     * a map scores it on these rows.
     */
    boolean[] heldout();
}

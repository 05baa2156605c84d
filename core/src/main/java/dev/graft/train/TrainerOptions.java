package dev.graft.train;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Trainer} reports, as opposed to what it computes.
 *
 * @param progressBar show a console progress bar (loss, samples/s, ETA)
 * @param meters      where step time, samples/s, losses and learning rate are registered
 * @param provenance  free-form facts copied into every checkpoint's {@code meta.json} (versions, commit, host…)
 * @param listeners   called at step boundaries, in order (see {@link TrainingListener})
 * @param stop        checked at every step boundary: when requested, the trainer checkpoints and throws
 *                    {@link StopRequestedException}
 */
public record TrainerOptions(boolean progressBar, MeterRegistry meters, Map<String, Object> provenance,
                             List<TrainingListener> listeners, StopRequest stop) {

    public TrainerOptions {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(stop, "stop");
        provenance = Map.copyOf(provenance);
        listeners = List.copyOf(listeners);
    }

    /** With a stop request of its own (never asked). */
    public TrainerOptions(boolean progressBar, MeterRegistry meters, Map<String, Object> provenance,
                          List<TrainingListener> listeners) {
        this(progressBar, meters, provenance, listeners, new StopRequest());
    }

    /** A copy that stops when {@code stop} is requested (one request shared by every training of a run). */
    public TrainerOptions withStop(StopRequest stop) {
        return new TrainerOptions(progressBar, meters, provenance, listeners, stop);
    }

    /** Without listeners. */
    public TrainerOptions(boolean progressBar, MeterRegistry meters, Map<String, Object> provenance) {
        this(progressBar, meters, provenance, List.of());
    }

    /** A progress bar when a console is attached; a fresh {@link SimpleMeterRegistry}; no provenance. */
    public static TrainerOptions defaults() {
        return new TrainerOptions(System.console() != null, new SimpleMeterRegistry(), Map.of());
    }

    /** No progress bar (tests, logs); a fresh {@link SimpleMeterRegistry}. */
    public static TrainerOptions quiet() {
        return new TrainerOptions(false, new SimpleMeterRegistry(), Map.of());
    }

    public TrainerOptions withProvenance(Map<String, Object> facts) {
        return new TrainerOptions(progressBar, meters, facts, listeners, stop);
    }

    /** A copy that also calls {@code listener} (after the listeners already given). */
    public TrainerOptions withListener(TrainingListener listener) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(listener, "listener"));
        return new TrainerOptions(progressBar, meters, provenance, all, stop);
    }
}

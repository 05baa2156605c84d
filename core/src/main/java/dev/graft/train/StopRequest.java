package dev.graft.train;

import java.util.Optional;

/**
 * A run-wide request to stop (Ctrl-C, SIGTERM): set once from a signal handler, read by every
 * {@link Trainer} of the run at its step boundaries (each writes a checkpoint and throws
 * {@link StopRequestedException}) and by the pipeline before it starts a stage. Thread-safe; one
 * object is shared by all the trainings of a run, however many run at once.
 */
public final class StopRequest {
    private volatile String reason;

    /** Asks every reader to stop at its next safe point; {@code reason} is e.g. {@code SIGINT}. The first reason stays. */
    public synchronized void request(String reason) {
        if (this.reason == null) {
            this.reason = reason;
        }
    }

    public boolean requested() {
        return reason != null;
    }

    /** Why a stop was asked for, if it was. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Throws {@link StopRequestedException} for {@code what} (a stage about to start) when a stop was asked for. */
    public void checkBefore(String what) {
        if (reason != null) {
            throw new StopRequestedException(reason, what, -1, null);
        }
    }
}

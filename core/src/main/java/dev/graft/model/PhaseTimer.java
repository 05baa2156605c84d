package dev.graft.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates wall time per named phase of a training step, for profiling only: {@link #mark} charges
 * the time since the previous mark to the named phase. ND4J's CPU ops are synchronous, so the times
 * are the ops' own.
 */
final class PhaseTimer {
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Starts a new interval without charging the elapsed time to any phase. */
    void restart() {
        last = System.nanoTime();
    }

    /** Charges the time since the last mark to {@code phase}. */
    void mark(String phase) {
        long now = System.nanoTime();
        nanos.merge(phase, now - last, Long::sum);
        last = now;
    }

    /** Accumulated nanoseconds per phase, in first-seen order. */
    Map<String, Long> totals() {
        return nanos;
    }

    /** Charges the time since the last mark to {@code phase} when {@code timer} is set (profiling on). */
    static void mark(PhaseTimer timer, String phase) {
        if (timer != null) {
            timer.mark(phase);
        }
    }

    void clear() {
        nanos.clear();
    }
}

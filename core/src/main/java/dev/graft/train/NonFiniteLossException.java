package dev.graft.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Training stopped because a loss term was NaN or infinite; the parameters were not updated with that
 * step and the last good checkpoint (if any) was left as it was.
 */
public class NonFiniteLossException extends RuntimeException {

    private final String label;
    private final long step;
    private final String term;
    private final double value;
    private final transient Path lastCheckpoint;

    public NonFiniteLossException(String label, long step, String term, double value, Path lastCheckpoint) {
        super("training '" + label + "' stopped at step " + step + ": the " + term + " loss is " + value
                + (lastCheckpoint == null ? "; no checkpoint had been written yet"
                : "; the last good checkpoint " + lastCheckpoint + " is kept")
                + ". Lower the learning rate or check the data of that step, then run again.");
        this.label = label;
        this.step = step;
        this.term = term;
        this.value = value;
        this.lastCheckpoint = lastCheckpoint;
    }

    public String label() {
        return label;
    }

    /** The 1-based step whose loss was not finite. */
    public long step() {
        return step;
    }

    /** Which term: {@code value}, {@code policy}, {@code aux} or {@code total}. */
    public String term() {
        return term;
    }

    public double value() {
        return value;
    }

    public Optional<Path> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}

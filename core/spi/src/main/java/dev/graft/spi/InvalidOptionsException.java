package dev.graft.spi;

/**
 * Thrown by a factory whose options are individually valid but do not fit together or with the
 * rest of the spec (e.g. a sector size that does not divide the board). The message says what is
 * wrong and what would be right; {@code option} names the offending option, or null for the whole.
 */
public class InvalidOptionsException extends RuntimeException {
    private final String option;

    public InvalidOptionsException(String option, String message) {
        super(message);
        this.option = option;
    }

    public String option() {
        return option;
    }
}

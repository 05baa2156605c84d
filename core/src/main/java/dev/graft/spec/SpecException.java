package dev.graft.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec (file plus {@code --set} overrides) is wrong. Carries every error found, not only the
 * first; {@link #getMessage()} is all of them, one paragraph each, ready to print before exiting
 * with status 2.
 */
public class SpecException extends dev.graft.io.UserInputException {
    private final List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(render(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public SpecException(SpecError error) {
        this(List.of(error));
    }

    /** Every error, in the order of their locations. */
    public List<SpecError> errors() {
        return errors;
    }

    private static String render(List<SpecError> errors) {
        return errors.stream().map(SpecError::format).collect(Collectors.joining("\n\n"));
    }
}

package dev.graft.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the errors found while reading and validating one spec, so all are reported at once. */
final class Problems {
    private record Located(Origin origin, SpecError error) {
    }

    private final List<Located> found = new ArrayList<>();

    void add(Origin origin, String path, String message) {
        found.add(new Located(origin, new SpecError(origin.where(), path, message)));
    }

    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws every error collected so far, in reading order, if there is any. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            List<SpecError> sorted = found.stream()
                    .sorted(Comparator.comparing(Located::origin, Origin.READING_ORDER))
                    .map(Located::error)
                    .toList();
            throw new SpecException(sorted);
        }
    }
}

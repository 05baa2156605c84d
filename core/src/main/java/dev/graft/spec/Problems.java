package dev.graft.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the errors found while reading and validating one spec, so all are reported at once. */
final class Problems {
    private record Located(Origin origin, SpecError error) {
    }

    private final List<Located> found = new ArrayList<>();
    private int reported;

    /** Records an error; the same message at the same place again (e.g. once per swept variant) is kept once. */
    void add(Origin origin, String path, String message) {
        reported++;
        String where = origin.where();
        for (Located l : found) {
            if (l.error().where().equals(where) && l.error().message().equals(message)) {
                return;
            }
        }
        found.add(new Located(origin, new SpecError(where, path, message)));
    }

    /** Errors reported so far, repeats included (callers compare counts to see whether a step failed). */
    int count() {
        return reported;
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

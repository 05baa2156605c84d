package dev.graft.spec;

import java.util.Objects;

/**
 * One mistake in a spec: where it is, which setting, and what is wrong and what would be right.
 *
 * @param where   the location, {@code specs/x.yaml:12:5} (1-based line and column), a bare file name
 *                when no line applies, or {@code --set training.lr=abc} for a command-line override
 * @param path    the dotted setting path, e.g. {@code training.lr} or {@code auxiliary.0.sector};
 *                empty for the document as a whole
 * @param message what is wrong and what would be right, ending with a full stop
 */
public record SpecError(String where, String path, String message) {

    public SpecError {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** The one-paragraph form users see: {@code where: path: message}. */
    public String format() {
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}

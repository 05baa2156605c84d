package dev.graft.spec;

import java.util.Comparator;

/**
 * Where a value came from: a position in a spec file (1-based line and column, 0 when unknown) or a
 * {@code --set} argument. {@code given} is false for defaults filled in by the schema.
 */
record Origin(String file, int line, int column, String setArgument, int setIndex, boolean given) {

    static final Comparator<Origin> READING_ORDER = Comparator
            .comparing((Origin o) -> o.setArgument != null)
            .thenComparingInt(Origin::setIndex)
            .thenComparing(o -> o.setArgument == null ? o.file : "")
            .thenComparingInt(o -> o.line == 0 ? Integer.MAX_VALUE : o.line)
            .thenComparingInt(Origin::column);

    static Origin at(String file, int line, int column) {
        return new Origin(file, line, column, null, 0, true);
    }

    static Origin file(String file) {
        return new Origin(file, 0, 0, null, 0, true);
    }

    /** The {@code index}-th {@code --set} argument (errors are listed in argument order). */
    static Origin setArgument(String argument, int index) {
        return new Origin("", 0, 0, argument, index, true);
    }

    /** The same place, marked as a default rather than something the user wrote. */
    Origin asDefault() {
        return new Origin(file, line, column, setArgument, setIndex, false);
    }

    /** The form shown in messages: {@code file:line:column}, {@code file}, or {@code --set a.b=v}. */
    String where() {
        if (setArgument != null) {
            return "--set " + setArgument;
        }
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}

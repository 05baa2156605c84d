package dev.graft.spec;

import java.util.Optional;

/** Finds the declared type at a dotted path ({@code auxiliary.0}, {@code data.generator}). */
final class SchemaPaths {
    private SchemaPaths() {
    }

    static Optional<ValueType> typeAt(SectionSchema root, String path) {
        if (path.isEmpty()) {
            return Optional.of(root);
        }
        ValueType current = root;
        for (String part : path.split("\\.", -1)) {
            if (current instanceof SectionSchema s && s.field(part) != null) {
                current = s.field(part).type();
            } else if (current instanceof ValueType.ListType l && part.matches("\\d+")) {
                current = l.element();
            } else if (current instanceof ValueType.MapType m) {
                current = m.entry();
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    static boolean isPluginRef(SectionSchema root, String path) {
        return typeAt(root, path).filter(t -> t instanceof ValueType.PluginType).isPresent();
    }
}

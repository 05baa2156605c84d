package dev.graft.spec;

/**
 * One line of the spec reference: a setting's dotted path, its type in words, its default as it
 * would be written in YAML (empty for a section), and its description.
 */
public record FieldDoc(String path, String type, String defaultValue, String description) {
}

package dev.graft.spi;

/** Value types an option may declare. */
public enum OptionType {
    INT("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    STRING("a string"),
    /**
     * A file path. In a spec, a relative path is resolved against the folder of the spec file that
     * wrote it (on the command line, against the working directory), so the plugin receives an
     * absolute path as a String; an empty string means none was given.
     */
    PATH("a file path"),

    /** A list of numbers (e.g. candidate values); each item is checked against the bounds. */
    DOUBLE_LIST("a list of numbers");

    private final String description;

    OptionType(String description) {
        this.description = description;
    }

    /** How the type is named in error messages, e.g. "an integer". */
    public String describe() {
        return description;
    }
}

package dev.graft.spi;

/** Value types an option may declare. */
public enum OptionType {
    INT("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    STRING("a string"),
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

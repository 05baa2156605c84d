package dev.graft.spec;

/** What a {@link CrossCheck} may ask about the section it checks, and where it reports errors. */
public interface CheckContext {

    /** True when the setting at {@code relativePath} (e.g. {@code small.heads}) was written by the user. */
    boolean isGiven(String relativePath);

    /**
     * Reports an error about the setting at {@code relativePath}, located at that setting if the user
     * wrote it, else at its nearest written parent.
     */
    void error(String relativePath, String message);
}

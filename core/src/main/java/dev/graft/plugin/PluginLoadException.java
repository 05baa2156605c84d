package dev.graft.plugin;

/** A plugin could not be loaded or clashes with another; the message names the jar or class and the fix. */
public class PluginLoadException extends RuntimeException {
    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public PluginLoadException(String message) {
        super(message);
    }
}

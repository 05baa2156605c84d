package dev.graft.spi;

/** Lines for the person running graft, through the engine's log (rounded numbers; files keep full precision). */
public interface PluginLog {
    void info(String message);

    void warn(String message);
}

package dev.graft.spi;

/** The seven kinds of plugin, each with the interface its factories create and its name in specs. */
public enum PluginKind {
    GAME("game", Game.class),
    AUXILIARY_TASK("auxiliary-task", AuxiliaryTask.class),
    GAME_GENERATOR("game-generator", GameGenerator.class),
    GRAFT_STRATEGY("graft-strategy", GraftStrategy.class),
    PROBE("probe", Probe.class),
    FIT_MODEL("fit-model", FitModel.class),
    MEASURE("measure", Measure.class);

    private final String label;
    private final Class<?> type;

    PluginKind(String label, Class<?> type) {
        this.label = label;
        this.type = type;
    }

    /** Human-readable kind name, e.g. {@code game-generator}. */
    public String label() {
        return label;
    }

    /** The interface that factories of this kind create. */
    public Class<?> type() {
        return type;
    }
}

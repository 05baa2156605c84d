package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;

/** The {@code total-mobility} auxiliary task (Domineering only), a plugin in one class. One option, {@code scale}. */
public final class TotalMobilityFactory extends DeclaredPlugin<AuxiliaryTask> {

    public static final String SCALE = "scale";

    public TotalMobilityFactory() {
        super(PluginKind.AUXILIARY_TASK, "total-mobility",
                "Domineering, one output: vertical minus horizontal placements still possible on the whole board",
                OptionSpec.number(SCALE, TotalMobilityTask.DEFAULT_SCALE, 0.0, null,
                        "factor on the output; 0.03 gives it about the mean square of a sector-balance output at 0.1 on"
                                + " 16×16 (the raw difference is ≈ 3 times a sector's count; docs/plugins.md); 1 gives the raw difference"));
    }

    @Override
    public AuxiliaryTask create(Options options, PluginContext context) {
        return new TotalMobilityTask(options.getDouble(SCALE));
    }
}

package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The {@code total-mobility} auxiliary task (Domineering only). One option, {@code scale}. */
public final class TotalMobilityFactory implements PluginFactory<AuxiliaryTask> {

    public static final String SCALE = "scale";

    @Override
    public PluginKind kind() {
        return PluginKind.AUXILIARY_TASK;
    }

    @Override
    public String name() {
        return "total-mobility";
    }

    @Override
    public String description() {
        return "Domineering, one output: vertical minus horizontal placements still possible on the whole board";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.number(SCALE, TotalMobilityTask.DEFAULT_SCALE, 0.0, null,
                "factor on the output; 0.03 gives it about the mean square of a sector-balance output at 0.1 on"
                        + " 16×16 (the raw difference is ≈ 3 times a sector's count; docs/plugins.md); 1 gives the raw difference"));
    }

    @Override
    public AuxiliaryTask create(Options options) {
        return new TotalMobilityTask(options.getDouble(SCALE));
    }
}

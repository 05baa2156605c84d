package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;

/**
 * The {@code sector-balance} auxiliary task, a plugin in one class. Options: {@code sector}, the side
 * S of the sectors, and {@code scale}, the factor applied to every target (the study's 0.1).
 */
public final class SectorBalanceFactory extends DeclaredPlugin<AuxiliaryTask> {

    /** Name of the sector-size option. */
    public static final String SECTOR = "sector";
    /** Name of the target-scale option. */
    public static final String SCALE = "scale";

    public SectorBalanceFactory() {
        super(PluginKind.AUXILIARY_TASK, "sector-balance",
                "per S×S sector: player-0 (vertical) minus player-1 (horizontal) moves still possible",
                OptionSpec.integer(SECTOR, 4, 1, null,
                        "side S of the square sectors; must divide the board's rows and columns (16 sectors on 16×16 with 4)"),
                OptionSpec.number(SCALE, SectorBalanceTask.STUDY_SCALE, 0.0, null,
                        "factor on every target: (vertical − horizontal placements) × scale; the study's 0.1 keeps the"
                                + " auxiliary MSE near 0.03 beside the other losses, 1 gives raw counts"));
    }

    @Override
    public AuxiliaryTask create(Options options, PluginContext context) {
        return new SectorBalanceTask(options.getInt(SECTOR), options.getDouble(SCALE));
    }
}

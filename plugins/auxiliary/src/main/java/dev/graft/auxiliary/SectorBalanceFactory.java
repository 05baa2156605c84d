package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The {@code sector-balance} auxiliary task: one option, {@code sector}, the side S of the sectors. */
public final class SectorBalanceFactory implements PluginFactory<AuxiliaryTask> {

    /** Name of the sector-size option. */
    public static final String SECTOR = "sector";

    @Override
    public PluginKind kind() {
        return PluginKind.AUXILIARY_TASK;
    }

    @Override
    public String name() {
        return "sector-balance";
    }

    @Override
    public String description() {
        return "per S×S sector: player-0 (vertical) minus player-1 (horizontal) moves still possible";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer(SECTOR, 4, 1, null,
                "side S of the square sectors; must divide the board's rows and columns (16 sectors on 16×16 with 4)"));
    }

    @Override
    public AuxiliaryTask create(Options options) {
        return new SectorBalanceTask(options.getInt(SECTOR));
    }
}

package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The Othello auxiliary tasks {@code disc-balance} and {@code mobility}. Options as sector-balance's:
 * {@code sector}, the side S of the sectors (default 2, which divides every Othello board), and
 * {@code scale}, the factor on every target (default 0.25: a 2×2 sector's counts lie in −4…4).
 */
public final class OthelloTaskFactory implements PluginFactory<AuxiliaryTask> {
    /** Default sector side and scale. */
    public static final int DEFAULT_SECTOR = 2;
    public static final double DEFAULT_SCALE = 0.25;

    private final String name;
    private final String description;
    private final String scaleDescription;
    private final BiFunction<Integer, Double, AuxiliaryTask> make;

    private OthelloTaskFactory(String name, String description, String scaleDescription,
                               BiFunction<Integer, Double, AuxiliaryTask> make) {
        this.name = name;
        this.description = description;
        this.scaleDescription = scaleDescription;
        this.make = make;
    }

    /** {@code disc-balance}: per sector, black minus white discs. */
    public static OthelloTaskFactory discBalance() {
        return new OthelloTaskFactory(DiscBalanceTask.NAME,
                "othello: per S×S sector, black discs minus white discs",
                "factor on every target: (black − white discs in the sector) × scale; 1 gives raw counts",
                DiscBalanceTask::new);
    }

    /** {@code mobility}: per sector, each side's legal placements. */
    public static OthelloTaskFactory mobility() {
        return new OthelloTaskFactory(OthelloMobilityTask.NAME,
                "othello: per S×S sector, the squares where black could place, then the same for white",
                "factor on every target: (placements of one side in the sector) × scale; 1 gives raw counts",
                OthelloMobilityTask::new);
    }

    @Override
    public PluginKind kind() {
        return PluginKind.AUXILIARY_TASK;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.integer(SectorBalanceFactory.SECTOR, DEFAULT_SECTOR, 1, null,
                        "side S of the square sectors; must divide the board (2 divides every othello board)"),
                OptionSpec.number(SectorBalanceFactory.SCALE, DEFAULT_SCALE, 0.0, null, scaleDescription));
    }

    @Override
    public AuxiliaryTask create(Options options) {
        return make.apply(options.getInt(SectorBalanceFactory.SECTOR), options.getDouble(SectorBalanceFactory.SCALE));
    }
}

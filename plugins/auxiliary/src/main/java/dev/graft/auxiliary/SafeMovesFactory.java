package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;

import java.util.List;

/**
 * The {@code safe-moves} auxiliary task (Domineering only), a plugin in one class. Options:
 * {@code sector} (S, as for sector-balance), {@code scale} (factor on every output) and {@code layout}
 * ({@code balance}: one value per sector, safe vertical − safe horizontal; {@code per-side}: the two
 * counts per sector).
 */
public final class SafeMovesFactory extends DeclaredPlugin<AuxiliaryTask> {

    public static final String SECTOR = "sector";
    public static final String SCALE = "scale";
    public static final String LAYOUT = "layout";

    public SafeMovesFactory() {
        super(PluginKind.AUXILIARY_TASK, "safe-moves",
                "Domineering, per S×S sector: placements the opponent can no longer block (safe vertical − safe"
                        + " horizontal, or both counts)",
                OptionSpec.integer(SECTOR, 4, 1, null,
                        "side S of the square sectors, numbered row-major; a placement belongs to the sector of its"
                                + " top/left square (as in sector-balance); must divide the board"),
                OptionSpec.number(SCALE, 0.1, 0.0, null,
                        "factor on every output (sector-balance's 0.1: counts divided by 10); 1 gives raw counts"),
                OptionSpec.choice(LAYOUT, SafeMovesTask.Layout.BALANCE.word(),
                        List.of(SafeMovesTask.Layout.BALANCE.word(), SafeMovesTask.Layout.PER_SIDE.word()),
                        "balance: one output per sector, safe vertical − safe horizontal placements; per-side: the"
                                + " safe vertical count of every sector, then the safe horizontal count of every sector"));
    }

    @Override
    public AuxiliaryTask create(Options options, PluginContext context) {
        return new SafeMovesTask(options.getInt(SECTOR), options.getDouble(SCALE),
                SafeMovesTask.Layout.named(options.getString(LAYOUT)));
    }
}

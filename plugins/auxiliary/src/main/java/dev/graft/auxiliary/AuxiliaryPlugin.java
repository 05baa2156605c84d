package dev.graft.auxiliary;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/**
 * Contributes the auxiliary-task plugins of this module: {@code sector-balance}, for Domineering
 * only {@code safe-moves} and {@code total-mobility}, and for Othello {@code disc-balance} and {@code mobility}.
 */
public final class AuxiliaryPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new SectorBalanceFactory(), new SafeMovesFactory(), new TotalMobilityFactory(),
                OthelloTaskFactory.discBalance(), OthelloTaskFactory.mobility());
    }
}

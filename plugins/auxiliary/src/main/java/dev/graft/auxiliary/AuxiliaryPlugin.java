package dev.graft.auxiliary;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/** Contributes the auxiliary-task plugins of this module: {@code sector-balance}, and for Othello
 * {@code disc-balance} and {@code mobility}. */
public final class AuxiliaryPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new SectorBalanceFactory(), OthelloTaskFactory.discBalance(), OthelloTaskFactory.mobility());
    }
}

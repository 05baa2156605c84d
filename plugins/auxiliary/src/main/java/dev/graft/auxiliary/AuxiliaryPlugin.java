package dev.graft.auxiliary;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/**
 * Contributes the Othello auxiliary tasks {@code disc-balance} and {@code mobility}, two factories of
 * one class ({@link OthelloTaskFactory}). The Domineering tasks {@code sector-balance},
 * {@code safe-moves} and {@code total-mobility} are plugins of one class each, listed on their own
 * lines of META-INF/services/dev.graft.spi.GraftPlugin.
 */
public final class AuxiliaryPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(OthelloTaskFactory.discBalance(), OthelloTaskFactory.mobility());
    }
}

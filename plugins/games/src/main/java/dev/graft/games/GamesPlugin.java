package dev.graft.games;

import dev.graft.games.domineering.DomineeringFactory;
import dev.graft.games.othello.OthelloFactory;
import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.util.List;

/** Contributes the game plugins of this module: {@code domineering} and {@code othello}. */
public final class GamesPlugin implements GraftPlugin {

    @Override
    public List<PluginFactory<?>> factories() {
        return List.of(new DomineeringFactory(), new OthelloFactory());
    }
}

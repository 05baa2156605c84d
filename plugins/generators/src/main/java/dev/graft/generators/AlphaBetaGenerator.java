package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;

/** Alpha-beta self-play (see {@link AlphaBetaPlayer}); one player, with its own table, per thread. */
public final class AlphaBetaGenerator implements GameGenerator {
    private final AlphaBetaSettings settings;

    public AlphaBetaGenerator(AlphaBetaSettings settings) {
        this.settings = settings;
    }

    public AlphaBetaSettings settings() {
        return settings;
    }

    @Override
    public AlphaBetaPlayer newPlayer(Game game) {
        return new AlphaBetaPlayer(game, settings);
    }
}

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

    /** {@code evaluation: disc-difference} needs the tokens of two players' discs (1 and 2). */
    @Override
    public java.util.Optional<String> incompatibility(Game game) {
        if (settings.discDifference() && game.squareStates() < 3) {
            return java.util.Optional.of("alphabeta's evaluation 'disc-difference' counts squares of token 1 (player"
                    + " 0's discs) and token 2 (player 1's), but " + game.name() + " has only "
                    + game.squareStates() + " square states; use evaluation: mobility");
        }
        return java.util.Optional.empty();
    }

    @Override
    public AlphaBetaPlayer newPlayer(Game game) {
        return new AlphaBetaPlayer(game, settings);
    }
}

package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.ValueNetwork;

/**
 * Plays with fixed weights: the self-play rounds and, after a fast {@link ValueSelfPlayGenerator#prepare},
 * generation. Each player gets its own copy of the network.
 */
record TrainedPlayers(ValueSelfPlaySettings.Resolved settings, ValueNetwork.Weights weights, double randomMove,
                      boolean firstTie) implements GameGenerator {
    @Override
    public ValueSelfPlayPlayer newPlayer(Game game) {
        return new ValueSelfPlayPlayer(game, weights.newNetwork(game), settings.opening(), randomMove, firstTie);
    }
}

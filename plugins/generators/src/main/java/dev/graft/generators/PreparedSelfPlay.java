package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.ValueNetwork;

import java.util.List;

/**
 * What {@link ValueSelfPlayGenerator#prepare} made: the network for its players (fast: the
 * trained one; study: the last accepted), and with the study preset the recorded games, what each
 * was and the match results (null games for fast).
 */
record PreparedSelfPlay(Game game, ValueSelfPlaySettings.Resolved settings, ValueNetwork.Weights weights,
                        List<GameRecord> games, List<ValueSelfPlayGenerator.Kind> kinds,
                        List<DuplicateMatch.Result> matches) {
}

package dev.graft.data;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A batch of games with its split, as found in or written to the {@link GameDataCache}.
 *
 * @param directory the artifact's folder ({@code games.npz}, {@code manifest.json})
 * @param hash      the request's content hash (the folder's name)
 * @param game      the game the records are of
 * @param games     every game, in index order
 * @param split     which games are in which split
 * @param cacheHit  true when the artifact already existed and was reused
 * @param sources   which part of the mix each game came from
 */
public record GameData(Path directory, String hash, Game game, List<GameRecord> games, GameSplit split,
                       boolean cacheHit, GameSources sources) {

    /** The positions of one split, e.g. the training positions with the sector-balance targets. */
    public GamePositions positions(GameSplit.Part part, List<AuxiliaryTask> aux, long seed) {
        return new GamePositions(game, games, split.games(part), aux, seed);
    }

    /**
     * E.g. "reusing 25,000 games from /runs/cache/data/ab12…", "generated 25,000 games into …", or for
     * a mix "generated 1,000 games (500 random + 500 alphabeta) into …".
     */
    public String message() {
        StringBuilder parts = new StringBuilder();
        if (sources.names().size() > 1) {
            int[] counts = sources.counts();
            for (int k = 0; k < counts.length; k++) {
                parts.append(k == 0 ? " (" : " + ").append(String.format(Locale.ROOT, "%,d ", counts[k]))
                        .append(sources.names().get(k));
            }
            parts.append(')');
        }
        return String.format(Locale.ROOT, "%s %,d games%s %s %s", cacheHit ? "reusing" : "generated", games.size(),
                parts, cacheHit ? "from" : "into", directory);
    }
}

package dev.graft.spec;

/**
 * Which positions of the training and validation games are trained and scored (see
 * {@link SpecSchema#POSITIONS} for each field's meaning and default).
 *
 * @param sampling          {@value #PER_GAME} (the study's) or {@value #EVERY_PLY}
 * @param perGame           plies drawn per training game and epoch
 * @param validationPerGame plies drawn per validation game, once
 * @param minPly            the first ply drawn, or {@value #BOARD_DEFAULT} for the board's default
 */
public record PositionsSpec(String sampling, int perGame, int validationPerGame, int minPly) {
    /** K plies per game drawn with replacement, redrawn every epoch. */
    public static final String PER_GAME = "per-game";
    /** Every ply after each game's recorded opening, once per epoch. */
    public static final String EVERY_PLY = "every-ply";
    /** The {@code min_ply} value that means "scaled from the study's 16 on 16×16". */
    public static final int BOARD_DEFAULT = -1;

    /** Whether the study's per-game sampling is on. */
    public boolean perGameSampling() {
        return PER_GAME.equals(sampling);
    }

    static PositionsSpec from(Section s) {
        return new PositionsSpec(s.string("sampling"), s.integer("per_game"), s.integer("validation_per_game"),
                s.integer("min_ply"));
    }
}

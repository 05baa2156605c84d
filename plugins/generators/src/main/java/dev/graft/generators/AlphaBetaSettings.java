package dev.graft.generators;

import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;

import java.util.List;

/**
 * Settings of the {@code alphabeta} generator, one per declared option.
 *
 * @param opening        random opening plies; −1 scales the study's 16 on 16×16 to the board
 * @param wideMoves      search at {@code wideDepth} while the side to move has at least this many moves
 * @param mediumMoves    search at {@code mediumDepth} while it has at least this many (else {@code narrowDepth})
 * @param wideDepth      search depth (plies) in wide positions
 * @param mediumDepth    search depth in medium positions
 * @param narrowDepth    search depth in narrow positions
 * @param randomMove     probability of a uniformly random move instead of the searched one
 * @param mobilityWeight c in sigmoid(c·(vertical placements left − horizontal placements left))
 * @param tableBits      the transposition table starts with 2^tableBits slots per player thread (it grows)
 * @param tieBreak       {@code first}: the first strictly best move in search order (the study's);
 *                       {@code random}: a uniformly random one of the equally best moves
 * @param evaluation     the depth-0 score d in sigmoid(c·d): {@code mobility} (the study's), player 0's
 *                       {@link dev.graft.spi.GameState#mobility} minus player 1's; {@code disc-difference},
 *                       squares holding token 1 (player 0's disc) minus squares holding token 2 (player 1's),
 *                       for games with such tokens (Othello)
 */
public record AlphaBetaSettings(int opening, int wideMoves, int mediumMoves, int wideDepth, int mediumDepth,
                                int narrowDepth, double randomMove, double mobilityWeight, int tableBits,
                                String tieBreak, String evaluation) {

    static final String OPENING = "opening";
    static final String WIDE_MOVES = "wide_moves";
    static final String MEDIUM_MOVES = "medium_moves";
    static final String WIDE_DEPTH = "wide_depth";
    static final String MEDIUM_DEPTH = "medium_depth";
    static final String NARROW_DEPTH = "narrow_depth";
    static final String RANDOM_MOVE = "random_move";
    static final String MOBILITY_WEIGHT = "mobility_weight";
    static final String TABLE_BITS = "table_bits";
    static final String TIE_BREAK = "tie_break";
    static final String FIRST = "first";
    static final String RANDOM = "random";
    static final String EVALUATION = "evaluation";
    static final String MOBILITY = "mobility";
    static final String DISC_DIFFERENCE = "disc-difference";

    /** The study's settings. */
    public static AlphaBetaSettings defaults() {
        return from(Options.withDefaults(specs(), java.util.Map.of()));
    }

    static List<OptionSpec> specs() {
        return List.of(
                OptionSpec.integer(OPENING, -1, -1, 100_000,
                        "random opening plies before the search plays; -1 = 16 on 16x16 scaled by squares/256"),
                OptionSpec.integer(WIDE_MOVES, 100, 1, 1_000_000,
                        "search at wide_depth while the side to move has at least this many legal moves"),
                OptionSpec.integer(MEDIUM_MOVES, 30, 1, 1_000_000,
                        "search at medium_depth while it has at least this many (fewer: narrow_depth)"),
                OptionSpec.integer(WIDE_DEPTH, 1, 1, 12, "search depth in plies in wide positions"),
                OptionSpec.integer(MEDIUM_DEPTH, 2, 1, 12, "search depth in plies in medium positions"),
                OptionSpec.integer(NARROW_DEPTH, 3, 1, 12, "search depth in plies in narrow positions"),
                OptionSpec.number(RANDOM_MOVE, 0.25, 0.0, 1.0,
                        "probability of a uniformly random move instead of the searched one (after the opening)"),
                OptionSpec.number(MOBILITY_WEIGHT, 0.3, 0.0, 100.0,
                        "c in the evaluation sigmoid(c*(vertical placements left - horizontal placements left))"),
                OptionSpec.integer(TABLE_BITS, 14, 4, 26,
                        "the transposition table starts with 2^table_bits slots per worker thread and grows as"
                                + " needed (no entry is lost)"),
                OptionSpec.choice(TIE_BREAK, FIRST, List.of(FIRST, RANDOM),
                        "among equally good moves: first = the first in search order (centre-first, the study's);"
                                + " random = one chosen by the game's seed"),
                OptionSpec.choice(EVALUATION, MOBILITY, List.of(MOBILITY, DISC_DIFFERENCE),
                        "depth-0 score d in sigmoid(mobility_weight*d): mobility = player 0's legal placements minus"
                                + " player 1's (the study's); disc-difference = player 0's discs minus player 1's"
                                + " (squares of token 1 minus token 2, Othello)"));
    }

    static AlphaBetaSettings from(Options o) {
        AlphaBetaSettings s = new AlphaBetaSettings(o.getInt(OPENING), o.getInt(WIDE_MOVES), o.getInt(MEDIUM_MOVES),
                o.getInt(WIDE_DEPTH), o.getInt(MEDIUM_DEPTH), o.getInt(NARROW_DEPTH), o.getDouble(RANDOM_MOVE),
                o.getDouble(MOBILITY_WEIGHT), o.getInt(TABLE_BITS), o.getString(TIE_BREAK),
                o.getString(EVALUATION));
        if (s.mediumMoves > s.wideMoves) {
            throw new InvalidOptionsException(MEDIUM_MOVES, "alphabeta option medium_moves (" + s.mediumMoves
                    + ") must not exceed wide_moves (" + s.wideMoves + "): positions with at least wide_moves"
                    + " legal moves are wide, those with at least medium_moves are medium");
        }
        return s;
    }

    /** The search depth for a position where the side to move has {@code legalMoves} moves. */
    int depthFor(int legalMoves) {
        return legalMoves >= wideMoves ? wideDepth : legalMoves >= mediumMoves ? mediumDepth : narrowDepth;
    }

    boolean discDifference() {
        return DISC_DIFFERENCE.equals(evaluation);
    }

    boolean firstTieBreak() {
        return FIRST.equals(tieBreak);
    }

    int maxDepth() {
        return Math.max(wideDepth, Math.max(mediumDepth, narrowDepth));
    }
}

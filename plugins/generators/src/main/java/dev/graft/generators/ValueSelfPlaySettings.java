package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;

import java.util.List;
import java.util.Map;

import static dev.graft.generators.ValueSelfPlayPresets.named;
import static dev.graft.generators.ValueSelfPlayPresets.orPreset;
import static dev.graft.generators.ValueSelfPlayPresets.pair;

/**
 * Settings of the {@code value-selfplay} generator, one per declared option, as given; a value of −1
 * means "the preset's" ({@link #resolve}). Two presets:
 * <ul>
 *   <li>{@code fast} (the default below 16×16): a small network trained in {@code rounds} rounds, each
 *       on all games so far, every round's network kept; the generated games are then played by the
 *       final network with some random moves and ties broken at random.</li>
 *   <li>{@code study} (the default from 16×16 on, the original study's settings): the medium network
 *       (d_model 80, 4 heads of 16, 5 layers, d_mlp 320); rounds until the games asked for are made,
 *       each round's games played argmax (first best child, no random move after the opening) by the
 *       accepted network; a candidate trained from the accepted network on the games since the last
 *       acceptance is accepted only if it wins a duplicate-game match at p &lt; {@code significance};
 *       the generated games are the rounds' games and the match games, in the order played.</li>
 * </ul>
 *
 * @param preset        {@code auto}, {@code fast} or {@code study}
 * @param rounds        fast: training rounds (round 0 on random games); study: at most this many self-play
 *                      rounds after the random one; −1 the preset's (fast 2, study unlimited)
 * @param gamesPerRound games played in each round
 * @param trainSteps    optimizer steps per round; study −1: one epoch of 10 positions per training game
 * @param batch         positions per optimizer step
 * @param lr            AdamW learning rate (fast: constant; study: peak of a cosine over each round)
 * @param dModel        value network width
 * @param heads         value network heads per layer
 * @param dHead         value network head width
 * @param layers        value network blocks
 * @param dMlp          value network MLP width
 * @param opening       random opening plies; −1 scales the study's 16 on 16×16 to the board
 * @param randomMove    probability of a uniformly random move instead of the network's choice
 * @param matchOpenings study: openings of each duplicate-game match (2 games each)
 * @param matchOpening  study: random plies of each match opening; −1 scales the study's 10 on 16×16
 * @param significance  study: a candidate is accepted when the match's p-value is below this
 * @param matchTest     study: {@code mcnemar} (the study's) or {@code sign}, see {@link DuplicateMatch}
 */
public record ValueSelfPlaySettings(String preset, int rounds, int gamesPerRound, int trainSteps, int batch,
                                    double lr, int dModel, int heads, int dHead, int layers, int dMlp, int opening,
                                    double randomMove, int matchOpenings, int matchOpening, double significance,
                                    String matchTest) {

    static final String PRESET = "preset";
    static final String ROUNDS = "rounds";
    static final String GAMES_PER_ROUND = "games_per_round";
    static final String TRAIN_STEPS = "train_steps";
    static final String BATCH = "batch";
    static final String LR = "lr";
    static final String D_MODEL = "d_model";
    static final String HEADS = "heads";
    static final String D_HEAD = "d_head";
    static final String LAYERS = "layers";
    static final String D_MLP = "d_mlp";
    static final String OPENING = "opening";
    static final String RANDOM_MOVE = "random_move";
    static final String MATCH_OPENINGS = "match_openings";
    static final String MATCH_OPENING = "match_opening";
    static final String SIGNIFICANCE = "significance";
    static final String MATCH_TEST = "match_test";

    static final String AUTO = "auto";
    static final String FAST = "fast";
    static final String STUDY = "study";
    /** Boards with at least this many squares (16×16) get the study preset under {@code auto}. */
    static final int STUDY_SQUARES = 256;

    /**
     * Concrete settings for one game, the preset applied.
     *
     * @param study      true for the study preset
     * @param rounds     fast: rounds; study: the most rounds, {@link Integer#MAX_VALUE} for unlimited
     * @param trainSteps steps per round; −1 (study) for one epoch of 10 positions per training game
     * @param firstTie   ties go to the first best child (np.argmax) rather than a random one
     */
    record Resolved(boolean study, int rounds, int gamesPerRound, int trainSteps, int batch, double lr,
                    ModelShape shape, int opening, double randomMove, int matchOpenings, int matchOpening,
                    double significance, String matchTest, boolean firstTie) {
        /** Games of each round held out of training to report the network's value accuracy: a tenth, at least one. */
        int heldOut(int games) {
            return Math.max(1, (int) Math.round(games * 0.1));
        }
    }

    /** Every option at its default. */
    public static ValueSelfPlaySettings defaults() {
        return from(Options.withDefaults(specs(), Map.of()));
    }

    /** The options; a −1 default means "the preset's", named from {@link ValueSelfPlayPresets}. */
    static List<OptionSpec> specs() {
        return List.of(
                OptionSpec.choice(PRESET, AUTO, List.of(AUTO, FAST, STUDY),
                        "fast = a small network retrained each round; study = the original study's (medium network,"
                                + " argmax play, a candidate kept only if it wins a duplicate-game match, match games"
                                + " kept); auto = study from 16x16 on, fast below"),
                OptionSpec.integer(ROUNDS, -1, -1, 1_000_000,
                        "training rounds (fast: round 0 on random games; study: at most this many self-play rounds after"
                                + " the random one); -1 = the preset's (" + named(ROUNDS, ",") + ")"),
                OptionSpec.integer(GAMES_PER_ROUND, -1, -1, 1_000_000,
                        "games played in each round; -1 = the preset's (" + named(GAMES_PER_ROUND, ",") + ")"),
                OptionSpec.integer(TRAIN_STEPS, -1, -1, 10_000_000,
                        "AdamW steps per round; -1 = the preset's (" + named(TRAIN_STEPS, ";") + ")"),
                OptionSpec.integer(BATCH, -1, -1, 65_536,
                        "positions per training step; -1 = the preset's (" + named(BATCH, ",") + ")"),
                OptionSpec.number(LR, -1.0, -1.0, 1.0,
                        "AdamW learning rate, weight decay " + ValueSelfPlayGenerator.WEIGHT_DECAY
                                + "; -1 = the preset's (" + named(LR, ",") + ")"),
                OptionSpec.integer(D_MODEL, -1, -1, 4096,
                        "value network: residual stream width; -1 = the preset's (" + pair(D_MODEL) + ")"),
                OptionSpec.integer(HEADS, -1, -1, 256,
                        "value network: attention heads per layer; -1 = the preset's (" + pair(HEADS) + ")"),
                OptionSpec.integer(D_HEAD, -1, -1, 1024,
                        "value network: width of each head; -1 = the preset's (" + pair(D_HEAD) + ")"),
                OptionSpec.integer(LAYERS, -1, -1, 64,
                        "value network: transformer blocks; -1 = the preset's (" + pair(LAYERS) + ")"),
                OptionSpec.integer(D_MLP, -1, -1, 16_384,
                        "value network: hidden width of each MLP; -1 = the preset's (" + pair(D_MLP) + ")"),
                OptionSpec.integer(OPENING, -1, -1, 100_000,
                        "random opening plies of self-play games; -1 = 16 on 16x16 scaled by squares/256"),
                OptionSpec.number(RANDOM_MOVE, -1.0, -1.0, 1.0,
                        "probability of a uniformly random move instead of the network's choice (after the opening);"
                                + " -1 = the preset's (" + named(RANDOM_MOVE, ",") + ")"),
                OptionSpec.integer(MATCH_OPENINGS, 150, 1, 1_000_000,
                        "study: openings of each duplicate-game match, each played twice with colours swapped"),
                OptionSpec.integer(MATCH_OPENING, -1, -1, 100_000,
                        "study: random plies of each match opening; -1 = 10 on 16x16 scaled by squares/256"),
                OptionSpec.number(SIGNIFICANCE, 0.05, 0.0, 1.0,
                        "study: a candidate network is accepted when its match p-value is below this"),
                OptionSpec.choice(MATCH_TEST, DuplicateMatch.MCNEMAR, List.of(DuplicateMatch.MCNEMAR, DuplicateMatch.SIGN),
                        "study: mcnemar = the study's two-sided normal test on the openings one network won twice"
                                + " (and the candidate won more of them); sign = one-sided exact binomial test on them"));
    }

    static ValueSelfPlaySettings from(Options o) {
        ValueSelfPlaySettings s = new ValueSelfPlaySettings(o.getString(PRESET), o.getInt(ROUNDS),
                o.getInt(GAMES_PER_ROUND), o.getInt(TRAIN_STEPS), o.getInt(BATCH), o.getDouble(LR), o.getInt(D_MODEL),
                o.getInt(HEADS), o.getInt(D_HEAD), o.getInt(LAYERS), o.getInt(D_MLP), o.getInt(OPENING),
                o.getDouble(RANDOM_MOVE), o.getInt(MATCH_OPENINGS), o.getInt(MATCH_OPENING), o.getDouble(SIGNIFICANCE),
                o.getString(MATCH_TEST));
        refuseZero(s.rounds, ROUNDS);
        refuseZero(s.dModel, D_MODEL);
        refuseZero(s.heads, HEADS);
        refuseZero(s.dHead, D_HEAD);
        refuseZero(s.dMlp, D_MLP);
        refuseZero(s.batch, BATCH);
        if (s.gamesPerRound >= 0 && s.gamesPerRound < 2) {
            throw new InvalidOptionsException(GAMES_PER_ROUND, "value-selfplay option games_per_round must be at least 2"
                    + " (a tenth, at least one, is held out), or -1 for the preset's, got " + s.gamesPerRound);
        }
        if (s.lr != -1.0 && !(s.lr > 0)) {
            throw new InvalidOptionsException(LR, "value-selfplay option lr must be > 0, or -1 for the preset's, got " + s.lr);
        }
        if (s.randomMove < 0 && s.randomMove != -1.0) {
            throw new InvalidOptionsException(RANDOM_MOVE, "value-selfplay option random_move must be from 0 to 1, or -1"
                    + " for the preset's, got " + s.randomMove);
        }
        return s;
    }

    private static void refuseZero(int value, String name) {
        if (value == 0) {
            throw new InvalidOptionsException(name, "value-selfplay option " + name + " must be at least 1, or -1 for"
                    + " the preset's");
        }
    }

    /** True when {@code game} gets the study preset. */
    boolean studyFor(Game game) {
        return preset.equals(STUDY) || preset.equals(AUTO) && game.squares() >= STUDY_SQUARES;
    }

    /** The concrete settings for {@code game}: each −1 replaced by the preset's value ({@link ValueSelfPlayPresets}). */
    Resolved resolve(Game game) {
        boolean study = studyFor(game);
        ModelShape shape = new ModelShape(orPreset(D_MODEL, dModel, study), orPreset(D_HEAD, dHead, study),
                orPreset(HEADS, heads, study), orPreset(LAYERS, layers, study), orPreset(D_MLP, dMlp, study));
        int matchPlies = matchOpening >= 0 ? matchOpening : (int) Math.round(10.0 * game.squares() / 256.0);
        return new Resolved(study, orPreset(ROUNDS, rounds, study), orPreset(GAMES_PER_ROUND, gamesPerRound, study),
                orPreset(TRAIN_STEPS, trainSteps, study), orPreset(BATCH, batch, study), orPreset(LR, lr, study), shape,
                opening, orPreset(RANDOM_MOVE, randomMove, study), matchOpenings, matchPlies, significance, matchTest,
                study);
    }
}

package dev.graft.generators;

import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;

import java.util.List;
import java.util.Map;

/**
 * Settings of the {@code value-selfplay} generator, one per declared option.
 *
 * @param rounds        training rounds: round 0 on random games, each later one on self-play games
 * @param gamesPerRound games played (and added to the training set) in each round
 * @param trainSteps    optimizer steps after each round's games
 * @param batch         positions per optimizer step
 * @param lr            constant AdamW learning rate
 * @param shape         the value network's transformer shape
 * @param opening       random opening plies of self-play games; −1 scales the study's 16 on 16×16 to the board
 * @param randomMove    probability of a uniformly random move instead of the network's choice
 */
public record ValueSelfPlaySettings(int rounds, int gamesPerRound, int trainSteps, int batch, double lr,
                                    ModelShape shape, int opening, double randomMove) {

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

    /** Every option at its default. */
    public static ValueSelfPlaySettings defaults() {
        return from(Options.withDefaults(specs(), Map.of()));
    }

    static List<OptionSpec> specs() {
        return List.of(
                OptionSpec.integer(ROUNDS, 2, 1, 100,
                        "training rounds: round 0 on random games, each later round on self-play games of the current network"),
                OptionSpec.integer(GAMES_PER_ROUND, 100, 2, 1_000_000,
                        "games played in each round (a tenth, at least one, held out to report value accuracy)"),
                OptionSpec.integer(TRAIN_STEPS, 150, 0, 10_000_000,
                        "AdamW steps after each round's games, on positions of all training games so far"),
                OptionSpec.integer(BATCH, 64, 1, 65_536, "positions per training step"),
                OptionSpec.number(LR, 1e-3, 0.0, 1.0, "constant AdamW learning rate (weight decay 0.01)"),
                OptionSpec.integer(D_MODEL, 32, 1, 4096, "value network: residual stream width"),
                OptionSpec.integer(HEADS, 2, 1, 256, "value network: attention heads per layer"),
                OptionSpec.integer(D_HEAD, 16, 1, 1024, "value network: width of each attention head"),
                OptionSpec.integer(LAYERS, 2, 0, 64, "value network: transformer blocks"),
                OptionSpec.integer(D_MLP, 64, 1, 16_384, "value network: hidden width of each MLP"),
                OptionSpec.integer(OPENING, -1, -1, 100_000,
                        "random opening plies of self-play games; -1 = 16 on 16x16 scaled by squares/256"),
                OptionSpec.number(RANDOM_MOVE, 0.1, 0.0, 1.0,
                        "probability of a uniformly random move instead of the network's choice (after the opening)"));
    }

    static ValueSelfPlaySettings from(Options o) {
        return new ValueSelfPlaySettings(o.getInt(ROUNDS), o.getInt(GAMES_PER_ROUND), o.getInt(TRAIN_STEPS),
                o.getInt(BATCH), o.getDouble(LR),
                new ModelShape(o.getInt(D_MODEL), o.getInt(D_HEAD), o.getInt(HEADS), o.getInt(LAYERS), o.getInt(D_MLP)),
                o.getInt(OPENING), o.getDouble(RANDOM_MOVE));
    }

    /** Games of each round held out of training to report the network's value accuracy: a tenth, at least one. */
    int heldOutGames() {
        return Math.max(1, (int) Math.round(gamesPerRound * 0.1));
    }
}

package dev.graft.plugin;

import dev.graft.model.DominoGame;
import dev.graft.model.Transformer;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.ModelShape;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The engine's value networks (value-selfplay) on random 4×4 domino games, tiny model. */
class EngineValueNetworksTest {
    private static final DominoGame GAME = new DominoGame(4, 4);
    private static final ModelShape TINY = new ModelShape(8, 4, 2, 1, 16);

    @Test
    void training_leaves_the_policy_head_outside_the_value_loss_as_initialised() {
        // The value network trains on value cross-entropy alone: the policy head gets no gradient, and
        // torch's AdamW skips such a parameter (no decay). A large decay makes a decayed head plainly differ.
        ValueNetwork network = new EngineValueNetworks().create(GAME, TINY, 5, ValueNetworks.Initialisation.STUDY);
        Transformer model = EngineValueNetworks.model(network);
        Transformer initial = new Transformer(GAME, TINY, 0, 5);
        network.train(games(40, 3), 11, new ValueNetwork.Training(6, 16, 1e-2, false, 0.5));
        for (String name : model.parameterNames()) {
            float[] before = initial.parameter(name).dup().data().asFloat();
            float[] after = model.parameter(name).dup().data().asFloat();
            if (name.startsWith("policy.")) {
                assertArrayEquals(before, after, name);
            } else if (name.startsWith("value.")) {
                assertFalse(Arrays.equals(before, after), name + " did not train");
            }
        }
    }

    private static List<GameRecord> games(int count, long seed) {
        Random rng = new Random(seed);
        List<GameRecord> out = new ArrayList<>();
        int[] buffer = new int[GAME.moves()];
        for (int g = 0; g < count; g++) {
            GameState s = GAME.newGame();
            List<Integer> moves = new ArrayList<>();
            while (!s.isTerminal()) {
                int m = buffer[rng.nextInt(s.legalMoves(buffer))];
                moves.add(m);
                s.play(m);
            }
            out.add(new GameRecord(moves.stream().mapToInt(Integer::intValue).toArray(), s.winner()));
        }
        return out;
    }
}

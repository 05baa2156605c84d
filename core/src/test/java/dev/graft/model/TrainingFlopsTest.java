package dev.graft.model;

import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingFlopsTest {

    @Test
    void one_block_matches_a_hand_count() {
        // t = 5 tokens, d_model 8, 2 heads of 4, d_mlp 16, by hand:
        //   Q, K, V: 3 products [5×8]·[8×8]       = 3 · 5·8·8 multiply-adds  = 960
        //   scores:  2 heads [5×4]·[4×5]           = 2 · 5·4·5               = 200
        //   weights·V: 2 heads [5×5]·[5×4]         = 2 · 5·5·4               = 200
        //   W_O: [5×8]·[8×8]                       = 5·8·8                   = 320
        //   MLP: [5×8]·[8×16] and [5×16]·[16×8]    = 2 · 5·8·16              = 1280
        //   total 2960 multiply-adds = 5920 FLOPs
        assertEquals(5920, TrainingFlops.blockForward(new ModelShape(8, 4, 2, 1, 16), 5));
    }

    @Test
    void whole_model_adds_the_heads_and_training_is_three_forwards() {
        DominoGame game = new DominoGame(3, 4); // 12 squares + CLS = 13 tokens
        ModelShape s = new ModelShape(8, 4, 2, 3, 16);
        long blocks = 3 * TrainingFlops.blockForward(s, game.tokens());
        int k = PolicyPooling.of(game) == PolicyPooling.Rule.CONCAT ? game.maxSquaresPerMove() : 1;
        long heads = 2 * 8 + 2L * k * game.tokens() * 8 * 8 + 2L * game.moves() * 8;
        assertEquals(blocks + heads, TrainingFlops.forward(game, s));
        assertEquals(3 * (blocks + heads), TrainingFlops.trainingPerSample(game, s));
    }
}

package dev.graft.graft;

import dev.graft.model.DominoGame;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.ModelShape;

import java.util.ArrayList;
import java.util.List;

/** Tiny models and hand-made plans for the grafter's and verifier's tests (core cannot see the strategy plugins). */
final class TinyGrafts {
    static final DominoGame GAME = new DominoGame(3, 4);
    static final ModelShape SMALL = new ModelShape(8, 4, 2, 2, 12);
    static final ModelShape LARGE = new ModelShape(8, 4, 4, 4, 20);
    static final int AUX = 3;

    private TinyGrafts() {
    }

    /** A small model with every parameter random, as if trained. */
    static Transformer small(long seed) {
        return GraftAssertions.randomise(new Transformer(GAME, SMALL, AUX, seed), 0.3, seed);
    }

    /** A large model with every parameter random (biases and LayerNorms too), so zeros and copies stand out. */
    static Transformer large(long seed) {
        return GraftAssertions.randomise(new Transformer(GAME, LARGE, AUX, seed), 0.3, seed + 1000);
    }

    /** Small layers 0…k−1 into large layers at…at+k−1 by index, layers before {@code at} silenced, everything else copied. */
    static GraftPlan offset(int at) {
        List<LayerCopy> copies = new ArrayList<>();
        for (int i = 0; i < SMALL.layers(); i++) {
            copies.add(LayerCopy.byIndex(i, at + i, SMALL));
        }
        List<Integer> silenced = new ArrayList<>();
        for (int j = 0; j < at; j++) {
            silenced.add(j);
        }
        return new GraftPlan(copies, silenced, true, true, true);
    }
}

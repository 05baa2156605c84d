package dev.graft.auxiliary;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.games.othello.OthelloGame;
import dev.graft.games.othello.OthelloState;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OthelloTasksTest {
    private static final OthelloGame FOUR = new OthelloGame(4);

    /** 4×4 after black's (0,1):  . X . . / . X X . / . X O . / . . . .  — white to move. */
    private static OthelloState afterBlackPlaysB1() {
        OthelloState s = FOUR.newGame();
        s.play(FOUR.placement(0, 1));
        return s;
    }

    private static float[] targets(AuxiliaryTask task, OthelloGame g, OthelloState s) {
        float[] out = new float[task.outputs(g) + 2];
        task.targets(g, s, out, 1);
        return java.util.Arrays.copyOfRange(out, 1, out.length - 1);
    }

    @Test
    void disc_balance_counts_black_minus_white_per_sector_by_hand() {
        DiscBalanceTask task = new DiscBalanceTask(2, 1.0);
        assertEquals(4, task.outputs(FOUR));
        assertArrayEquals(new float[] {-1, 1, 1, -1}, targets(task, FOUR, FOUR.newGame()));
        assertArrayEquals(new float[] {2, 1, 1, -1}, targets(task, FOUR, afterBlackPlaysB1()));
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.25f, -0.25f},
                targets(new DiscBalanceTask(2, 0.25), FOUR, afterBlackPlaysB1()));
        assertArrayEquals(new float[] {3}, targets(new DiscBalanceTask(4, 1.0), FOUR, afterBlackPlaysB1()));
    }

    @Test
    void mobility_counts_each_sides_placements_in_the_placed_squares_sector_by_hand() {
        OthelloMobilityTask task = new OthelloMobilityTask(2, 1.0);
        assertEquals(8, task.outputs(FOUR));
        // start: black may place at (0,1) (1,0) (2,3) (3,2), white at (0,2) (1,3) (2,0) (3,1)
        assertArrayEquals(new float[] {2, 0, 0, 2, 0, 2, 2, 0}, targets(task, FOUR, FOUR.newGame()));
        // black: (2,3) (3,2) (3,3), all in sector 3; white: (0,0) (0,2) (2,0)
        assertArrayEquals(new float[] {0, 0, 0, 3, 1, 1, 1, 0}, targets(task, FOUR, afterBlackPlaysB1()));
    }

    @Test
    void mobility_agrees_with_the_engines_placements_on_random_positions() {
        OthelloGame g = new OthelloGame(6);
        OthelloMobilityTask task = new OthelloMobilityTask(3, 1.0);
        SplittableRandom rng = new SplittableRandom(5);
        for (int game = 0; game < 20; game++) {
            OthelloState s = g.newGame();
            while (!s.isTerminal()) {
                float[] t = targets(task, g, s);
                for (int player = 0; player < 2; player++) {
                    long bits = s.placementBits(player);
                    int[] perSector = new int[4];
                    for (int q = 0; q < 36; q++) {
                        if ((bits >>> q & 1) != 0) {
                            perSector[(q / 6 / 3) * 2 + (q % 6) / 3]++;
                        }
                    }
                    for (int k = 0; k < 4; k++) {
                        assertEquals(perSector[k], t[player * 4 + k], 0.0, "player " + player + " sector " + k);
                    }
                }
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
        }
    }

    @Test
    void both_tasks_refuse_other_games_and_sectors_that_do_not_divide_the_board() {
        for (AuxiliaryTask task : new AuxiliaryTask[] {new DiscBalanceTask(2, 1), new OthelloMobilityTask(2, 1)}) {
            String why = task.incompatibility(new DomineeringGame(4)).orElseThrow();
            assertTrue(why.contains("othello") && why.contains("domineering"), why);
            assertThrows(IllegalArgumentException.class, () -> task.outputs(new DomineeringGame(4)));
            assertTrue(task.incompatibility(FOUR).isEmpty());
        }
        String why = new DiscBalanceTask(4, 1).incompatibility(new OthelloGame(6)).orElseThrow();
        assertTrue(why.contains("1, 2, 3, 6"), why);
    }

    @Test
    void the_plugin_lists_both_factories_with_sector_and_scale_options() {
        var names = java.util.ServiceLoader.load(dev.graft.spi.GraftPlugin.class).stream()
                .flatMap(p -> p.get().factories().stream()).map(f -> f.name()).toList();
        assertTrue(names.containsAll(java.util.List.of("sector-balance", "disc-balance", "mobility")), names.toString());
        OthelloTaskFactory f = OthelloTaskFactory.discBalance();
        assertEquals(java.util.List.of("sector", "scale"), f.options().stream().map(o -> o.name()).toList());
        AuxiliaryTask t = f.create(Options.withDefaults(f.options(), Map.of("sector", 4)));
        assertEquals(4, t.outputs(new OthelloGame(8)));
        AuxiliaryTask m = OthelloTaskFactory.mobility().create(Options.withDefaults(f.options(), Map.of()));
        assertEquals(32, m.outputs(new OthelloGame(8)));
    }
}

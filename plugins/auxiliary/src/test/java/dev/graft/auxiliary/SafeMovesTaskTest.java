package dev.graft.auxiliary;

import dev.graft.auxiliary.SafeMovesTask.Layout;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.games.domineering.DomineeringState;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import dev.graft.spi.GraftPlugin;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeMovesTaskTest {

    private static float[] targets(AuxiliaryTask task, Game game, GameState state) {
        float[] out = new float[task.outputs(game) + 2];
        out[0] = 99f; // values outside [offset, offset + outputs) are left alone
        out[out.length - 1] = -99f;
        task.targets(game, state, out, 1);
        assertEquals(99f, out[0]);
        assertEquals(-99f, out[out.length - 1]);
        float[] result = new float[task.outputs(game)];
        System.arraycopy(out, 1, result, 0, result.length);
        return result;
    }

    private static DomineeringState play(DomineeringGame g, int... moves) {
        DomineeringState s = g.newGame();
        for (int m : moves) {
            s.play(m);
        }
        return s;
    }

    @Test
    void nothing_is_safe_on_an_empty_board() {
        DomineeringGame g = new DomineeringGame(4);
        // every empty square of an empty board has an empty neighbour both ways
        assertArrayEquals(new float[8], targets(new SafeMovesTask(2, 1.0, Layout.PER_SIDE), g, g.newGame()));
        assertArrayEquals(new float[4], targets(new SafeMovesTask(2, 1.0, Layout.BALANCE), g, g.newGame()));
    }

    @Test
    void four_by_four_walled_in_placements_counted_by_hand() {
        DomineeringGame g = new DomineeringGame(4);
        DomineeringState s = play(g, g.verticalMove(0, 1), g.horizontalMove(2, 0), g.verticalMove(0, 2),
                g.horizontalMove(2, 2), g.verticalMove(0, 3), g.horizontalMove(3, 0));
        // . X X X      empty: (0,0), (1,0), (3,2), (3,3)
        // . X X X      vertical (0,0)-(1,0): (0,1) and (1,1) are covered, no horizontal can reach it: safe,
        // X X X X        sector 0 (S = 2)
        // X X . .      horizontal (3,2)-(3,3): (2,2) and (2,3) are covered: safe, sector 3
        assertArrayEquals(new float[] {1, 0, 0, -1}, targets(new SafeMovesTask(2, 1.0, Layout.BALANCE), g, s));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 1},
                targets(new SafeMovesTask(2, 1.0, Layout.PER_SIDE), g, s));
        assertArrayEquals(new float[] {0}, targets(new SafeMovesTask(4, 1.0, Layout.BALANCE), g, s));
        assertArrayEquals(new float[] {1, 1}, targets(new SafeMovesTask(4, 1.0, Layout.PER_SIDE), g, s));
    }

    @Test
    void five_by_five_mixed_safe_and_blockable_placements_counted_by_hand() {
        DomineeringGame g = new DomineeringGame(5);
        DomineeringState s = play(g, g.verticalMove(0, 3), g.horizontalMove(3, 0), g.verticalMove(0, 4),
                g.horizontalMove(3, 2), g.verticalMove(1, 1), g.horizontalMove(4, 2));
        // . . . X X    vertical placements (top square): (0,0) blocked by H (0,0)-(0,1); (1,0) SAFE
        // . X . X X      ((1,0), (2,0) have covered or missing horizontal neighbours); (0,2) blocked by
        // . X . . .      H (0,1)-(0,2); (1,2) blocked via (2,2) by H (2,2)-(2,3); (2,4) blocked by
        // X X X X .      H (2,3)-(2,4); (3,4) SAFE ((3,4) and (4,4) have no empty horizontal neighbour)
        // . . X X .    horizontal placements (left square): (0,0) blocked by V (0,0)-(1,0); (0,1) blocked
        //                via (0,2) by V (0,2)-(1,2); (2,2) blocked by V (1,2)-(2,2); (2,3) blocked via
        //                (2,4) by V (2,4)-(3,4); (4,0) SAFE ((3,0), (3,1) covered, no row below)
        assertArrayEquals(new float[] {1}, targets(new SafeMovesTask(5, 1.0, Layout.BALANCE), g, s));
        assertArrayEquals(new float[] {2, 1}, targets(new SafeMovesTask(5, 1.0, Layout.PER_SIDE), g, s));
        // unit sectors: each placement at its first square, (1,0) = 5, (3,4) = 19, (4,0) = 20
        float[] unit = targets(new SafeMovesTask(1, 1.0, Layout.BALANCE), g, s);
        float[] expected = new float[25];
        expected[5] = 1;
        expected[19] = 1;
        expected[20] = -1;
        assertArrayEquals(expected, unit);
        float[] perSide = targets(new SafeMovesTask(1, 1.0, Layout.PER_SIDE), g, s);
        float[] expectedPerSide = new float[50];
        expectedPerSide[5] = 1;
        expectedPerSide[19] = 1;
        expectedPerSide[25 + 20] = 1;
        assertArrayEquals(expectedPerSide, perSide);
    }

    @Test
    void a_placement_crossing_a_sector_border_counts_in_the_sector_of_its_first_square() {
        DomineeringGame g = new DomineeringGame(4);
        SafeMovesTask task = new SafeMovesTask(2, 1.0, Layout.PER_SIDE);
        // only (1,0) and (2,0) empty: one safe vertical placement, top in sector 0, bottom in sector 2
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, targets(task, g, BoardState.allCoveredBut(g, 0, 4, 8)));
        // only (0,1) and (0,2) empty: one safe horizontal placement, left in sector 0, right in sector 1
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 0}, targets(task, g, BoardState.allCoveredBut(g, 0, 1, 2)));
    }

    @Test
    void overlapping_safe_placements_each_count_and_one_blocker_unsafes_them() {
        DomineeringGame g = new DomineeringGame(4);
        SafeMovesTask task = new SafeMovesTask(4, 1.0, Layout.PER_SIDE);
        // column 0 rows 0..2 empty, everything else covered: V (0,0) and V (1,0) are both safe
        assertArrayEquals(new float[] {2, 0}, targets(task, g, BoardState.allCoveredBut(g, 0, 0, 4, 8)));
        // and (1,1) empty too: H (1,0)-(1,1) can cover (1,0), so neither vertical is safe, and the
        // horizontal itself is not safe either, because V (0,0) or V (1,0) can cover (1,0)
        assertArrayEquals(new float[] {0, 0}, targets(task, g, BoardState.allCoveredBut(g, 0, 0, 4, 8, 5)));
    }

    @Test
    void safe_moves_match_a_brute_force_over_every_opponent_placement_on_random_positions() {
        SplittableRandom rng = new SplittableRandom(2026);
        int checked = 0;
        for (int n : new int[] {4, 5, 6, 8}) {
            DomineeringGame g = new DomineeringGame(n);
            int sector = n == 5 ? 5 : 2;
            SafeMovesTask perSide = new SafeMovesTask(sector, 1.0, Layout.PER_SIDE);
            SafeMovesTask balance = new SafeMovesTask(sector, 0.5, Layout.BALANCE);
            for (int game = 0; game < 30; game++) {
                DomineeringState s = g.newGame();
                while (true) {
                    float[] expected = naive(g, s, sector);
                    assertArrayEquals(expected, targets(perSide, g, s), n + "×" + n + " game " + game + " ply " + s.ply());
                    int k = expected.length / 2;
                    float[] diff = new float[k];
                    for (int q = 0; q < k; q++) {
                        diff[q] = (float) ((expected[q] - expected[k + q]) * 0.5);
                    }
                    assertArrayEquals(diff, targets(balance, g, s));
                    checked++;
                    if (s.isTerminal()) {
                        break;
                    }
                    s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
                }
            }
        }
        assertTrue(checked > 500, "positions checked: " + checked);
    }

    /**
     * The definition, literally: a move of one side whose squares are empty is safe when no move of
     * the other side whose squares are empty covers one of its squares. Per-side layout.
     */
    private static float[] naive(DomineeringGame g, GameState s, int sector) {
        int n = g.rows();
        int k = (n / sector) * (n / sector);
        float[] out = new float[2 * k];
        for (int m = 0; m < g.moves(); m++) {
            int[] sq = g.moveSquares(m);
            if (!free(s, sq)) {
                continue;
            }
            boolean safe = true;
            for (int o = 0; o < g.moves() && safe; o++) {
                if (g.moveOwner(o) == g.moveOwner(m)) {
                    continue;
                }
                int[] other = g.moveSquares(o);
                if (free(s, other) && (overlaps(sq, other))) {
                    safe = false;
                }
            }
            if (safe) {
                int i = sq[0] / n;
                int j = sq[0] % n;
                out[g.moveOwner(m) * k + (i / sector) * (n / sector) + j / sector]++;
            }
        }
        return out;
    }

    private static boolean free(GameState s, int[] squares) {
        for (int q : squares) {
            if (s.squareState(q) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean overlaps(int[] a, int[] b) {
        for (int x : a) {
            for (int y : b) {
                if (x == y) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void targets_do_not_depend_on_whose_turn_it_is_and_scale_multiplies_them() {
        DomineeringGame g = new DomineeringGame(5);
        DomineeringState s = play(g, g.verticalMove(0, 3), g.horizontalMove(3, 0), g.verticalMove(0, 4),
                g.horizontalMove(3, 2), g.verticalMove(1, 1));
        SafeMovesTask task = new SafeMovesTask(5, 1.0, Layout.PER_SIDE);
        float[] real = targets(task, g, s);
        assertArrayEquals(real, targets(task, g, BoardState.copyOf(g, s, 0)));
        assertArrayEquals(real, targets(task, g, BoardState.copyOf(g, s, 1)));
        float[] tenth = targets(new SafeMovesTask(5, 0.1, Layout.PER_SIDE), g, s);
        for (int q = 0; q < real.length; q++) {
            assertEquals(real[q] * 0.1f, tenth[q], 1e-6f);
        }
    }

    @Test
    void another_game_is_refused_naming_it_and_the_game_that_fits() {
        Game other = new OwnerlessGame(new DomineeringGame(4));
        SafeMovesTask task = new SafeMovesTask(2, 1.0, Layout.BALANCE);
        Optional<String> why = task.incompatibility(other);
        assertEquals(Optional.of("safe-moves counts the vertical and horizontal domino placements the opponent can"
                + " no longer block and supports only the game 'domineering', not 'ownerless'; use game: domineering,"
                + " or an auxiliary task written for ownerless (graft plugins lists them)"), why);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.outputs(other));
        assertEquals(why.get(), e.getMessage());
        assertEquals(Optional.empty(), task.incompatibility(new DomineeringGame(4)));
    }

    @Test
    void a_sector_that_does_not_divide_the_board_is_explained() {
        Optional<String> why = new SafeMovesTask(4, 1.0, Layout.BALANCE).incompatibility(new DomineeringGame(6));
        assertEquals(Optional.of("sector size 4 does not divide the 6×6 board of domineering;"
                + " sector sizes that would: 1, 2, 3, 6"), why);
        assertThrows(IllegalArgumentException.class, () -> new SafeMovesTask(0, 1.0, Layout.BALANCE));
        assertThrows(IllegalArgumentException.class, () -> new SafeMovesTask(2, -1, Layout.BALANCE));
        assertThrows(IllegalArgumentException.class, () -> new SafeMovesTask(2, Double.POSITIVE_INFINITY, Layout.BALANCE));
    }

    @Test
    void service_loader_finds_safe_moves_with_its_options_and_defaults() {
        PluginFactory<?> found = find("safe-moves");
        List<OptionSpec> options = found.options();
        assertEquals(List.of("sector", "scale", "layout"), options.stream().map(OptionSpec::name).toList());
        assertEquals(4, options.get(0).defaultValue());
        assertEquals(0.1, options.get(1).defaultValue());
        assertEquals("balance", options.get(2).defaultValue());
        assertEquals(List.of("balance", "per-side"), options.get(2).choices());
        SafeMovesTask task = (SafeMovesTask) found.create(Options.withDefaults(options, Map.of()));
        assertEquals(4, task.sector());
        assertEquals(0.1, task.scale());
        assertEquals(Layout.BALANCE, task.layout());
        assertEquals(16, task.outputs(new DomineeringGame(16)));
        SafeMovesTask both = (SafeMovesTask) found.create(Options.withDefaults(options,
                Map.of("sector", 2, "layout", "per-side")));
        assertEquals(Layout.PER_SIDE, both.layout());
        assertEquals(128, both.outputs(new DomineeringGame(16)));
    }

    static PluginFactory<?> find(String name) {
        for (GraftPlugin plugin : ServiceLoader.load(GraftPlugin.class)) {
            for (PluginFactory<?> f : plugin.factories()) {
                if (f.kind() == PluginKind.AUXILIARY_TASK && f.name().equals(name)) {
                    return f;
                }
            }
        }
        throw new AssertionError(name + " not registered");
    }
}

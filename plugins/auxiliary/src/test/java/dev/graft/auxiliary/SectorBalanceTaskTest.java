package dev.graft.auxiliary;

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

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectorBalanceTaskTest {

    private static float[] targets(AuxiliaryTask task, Game game, GameState state) {
        float[] out = new float[task.outputs(game) + 3];
        out[0] = 99f; // values before the offset are left alone
        task.targets(game, state, out, 1);
        assertEquals(99f, out[0]);
        float[] result = new float[task.outputs(game)];
        System.arraycopy(out, 1, result, 0, result.length);
        return result;
    }

    @Test
    void empty_four_by_four_with_two_by_two_sectors_counted_by_hand() {
        DomineeringGame g = new DomineeringGame(4);
        SectorBalanceTask task = new SectorBalanceTask(2, 1.0);
        assertEquals(4, task.outputs(g));
        // sector 0: tops (0..1, 0..1) = 4 vertical, lefts (0..1, 0..1) = 4 horizontal -> 0
        // sector 1: 4 vertical tops, lefts only in column 2 -> 2 horizontal -> +2
        // sector 2: vertical tops only in row 2 -> 2, 4 horizontal -> -2
        // sector 3: 2 vertical (row 2), 2 horizontal (column 2) -> 0
        assertArrayEquals(new float[] {0, 2, -2, 0}, targets(task, g, g.newGame()));
    }

    @Test
    void one_sector_holds_the_whole_balance_and_unit_sectors_mark_each_first_square() {
        DomineeringGame g = new DomineeringGame(4);
        assertArrayEquals(new float[] {0}, targets(new SectorBalanceTask(4, 1.0), g, g.newGame()));
        float[] unit = targets(new SectorBalanceTask(1, 1.0), g, g.newGame());
        assertEquals(16, unit.length);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int expected = (i <= 2 ? 1 : 0) - (j <= 2 ? 1 : 0);
                assertEquals(expected, unit[i * 4 + j], "square (" + i + "," + j + ")");
            }
        }
    }

    @Test
    void a_placed_domino_changes_the_sectors_of_the_moves_it_blocks() {
        DomineeringGame g = new DomineeringGame(4);
        DomineeringState s = g.newGame();
        s.play(g.verticalMove(1, 1)); // covers (1,1) and (2,1), squares 5 and 9
        // vertical still possible, by sector of the top square: s0 {(0,0),(1,0)} = 2,
        //   s1 {(0,2),(1,2),(0,3),(1,3)} = 4, s2 {(2,0)} = 1, s3 {(2,2),(2,3)} = 2
        // horizontal still possible, by sector of the left square: s0 {(0,0),(0,1)} = 2,
        //   s1 {(0,2),(1,2)} = 2, s2 {(3,0),(3,1)} = 2, s3 {(2,2),(3,2)} = 2
        assertArrayEquals(new float[] {0, 2, -1, 0}, targets(new SectorBalanceTask(2, 1.0), g, s));
    }

    @Test
    void moves_crossing_a_sector_border_count_in_the_sector_of_their_first_square() {
        DomineeringGame g = new DomineeringGame(4);
        SectorBalanceTask task = new SectorBalanceTask(2, 1.0);
        // only (1,0) and (2,0) empty: one vertical placement, top in sector 0, bottom in sector 2
        assertArrayEquals(new float[] {1, 0, 0, 0}, targets(task, g, BoardState.allCoveredBut(g, 0, 4, 8)));
        // only (0,1) and (0,2) empty: one horizontal placement, left in sector 0, right in sector 1
        assertArrayEquals(new float[] {-1, 0, 0, 0}, targets(task, g, BoardState.allCoveredBut(g, 0, 1, 2)));
    }

    @Test
    void targets_do_not_depend_on_whose_turn_it_is() {
        DomineeringGame g = new DomineeringGame(8);
        SectorBalanceTask task = new SectorBalanceTask(4, 1.0);
        SplittableRandom rng = new SplittableRandom(8);
        DomineeringState s = g.newGame();
        for (int k = 0; k < 10; k++) {
            s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
        }
        float[] real = targets(task, g, s);
        assertArrayEquals(real, targets(task, g, BoardState.copyOf(g, s, 0)));
        assertArrayEquals(real, targets(task, g, BoardState.copyOf(g, s, 1)));
    }

    @Test
    void sixteen_by_sixteen_targets_match_a_direct_count_over_random_positions() {
        DomineeringGame g = new DomineeringGame(16);
        SectorBalanceTask task = new SectorBalanceTask(4, 1.0);
        assertEquals(16, task.outputs(g));
        SplittableRandom rng = new SplittableRandom(16);
        for (int game = 0; game < 3; game++) {
            DomineeringState s = g.newGame();
            while (!s.isTerminal()) {
                float[] expected = new float[16];
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 16; j++) {
                        boolean empty = s.squareState(i * 16 + j) == 0;
                        int sec = (i / 4) * 4 + j / 4;
                        if (empty && i + 1 < 16 && s.squareState((i + 1) * 16 + j) == 0) {
                            expected[sec]++;
                        }
                        if (empty && j + 1 < 16 && s.squareState(i * 16 + j + 1) == 0) {
                            expected[sec]--;
                        }
                    }
                }
                assertArrayEquals(expected, targets(task, g, s), "ply " + s.ply());
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
        }
    }

    @Test
    void tables_are_shared_safely_between_threads() throws Exception {
        DomineeringGame g = new DomineeringGame(16);
        SectorBalanceTask task = new SectorBalanceTask(4, 1.0);
        float[] expected = targets(new SectorBalanceTask(4, 1.0), g, g.newGame());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<float[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> targets(task, new DomineeringGame(16), new DomineeringGame(16).newGame())));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sector_size_that_does_not_divide_the_board_is_explained() {
        SectorBalanceTask task = new SectorBalanceTask(3, 1.0);
        DomineeringGame g = new DomineeringGame(16);
        Optional<String> why = task.incompatibility(g);
        assertEquals(Optional.of("sector size 3 does not divide the 16×16 board of domineering;"
                + " sector sizes that would: 1, 2, 4, 8, 16"), why);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.outputs(g));
        assertEquals(why.get(), e.getMessage());
        assertEquals(Optional.empty(), new SectorBalanceTask(3, 1.0).incompatibility(new DomineeringGame(6)));
        assertTrue(new SectorBalanceTask(32, 1.0).incompatibility(g).isPresent());
        assertThrows(IllegalArgumentException.class, () -> new SectorBalanceTask(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new SectorBalanceTask(2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new SectorBalanceTask(2, Double.NaN));
    }

    @Test
    void moves_without_an_owner_are_explained() {
        Game shared = new OwnerlessGame(new DomineeringGame(4));
        Optional<String> why = new SectorBalanceTask(2, 1.0).incompatibility(shared);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("no single owner") && why.get().contains("V(0,0)"), why.get());
    }

    @Test
    void service_loader_finds_sector_balance_with_its_option() {
        PluginFactory<?> found = null;
        for (GraftPlugin plugin : ServiceLoader.load(GraftPlugin.class)) {
            for (PluginFactory<?> f : plugin.factories()) {
                if (f.kind() == PluginKind.AUXILIARY_TASK && f.name().equals("sector-balance")) {
                    found = f;
                }
            }
        }
        assertTrue(found != null, "sector-balance not registered");
        OptionSpec sector = found.options().get(0);
        assertEquals("sector", sector.name());
        assertEquals(4, sector.defaultValue());
        assertEquals(1.0, sector.min());
        SectorBalanceTask task = (SectorBalanceTask) found.create(Options.withDefaults(found.options(), Map.of("sector", 2)));
        assertEquals(2, task.sector());
        OptionSpec scale = found.options().get(1);
        assertEquals("scale", scale.name());
        assertEquals(0.1, scale.defaultValue(), "the study's scale is the default");
        assertEquals(0.1, task.scale());
        SectorBalanceTask raw = (SectorBalanceTask) found.create(Options.withDefaults(found.options(),
                Map.of("sector", 2, "scale", 1.0)));
        assertEquals(1.0, raw.scale());
    }

    @Test
    void targets_are_the_counts_times_the_scale_and_the_study_scale_is_the_default() {
        DomineeringGame g = new DomineeringGame(4);
        DomineeringState s = g.newGame();
        s.play(g.verticalMove(1, 1));
        // counts {0, 2, -1, 0} (see a_placed_domino_changes_the_sectors_of_the_moves_it_blocks)
        assertArrayEquals(new float[] {0, 0.2f, -0.1f, 0}, targets(new SectorBalanceTask(2), g, s), 1e-7f);
        assertArrayEquals(new float[] {0, 0.2f, -0.1f, 0}, targets(new SectorBalanceTask(2, 0.1), g, s), 1e-7f);
        assertArrayEquals(new float[] {0, 5, -2.5f, 0}, targets(new SectorBalanceTask(2, 2.5), g, s));
        assertArrayEquals(new float[] {0, 0, 0, 0}, targets(new SectorBalanceTask(2, 0), g, s), 0f);
        assertEquals(0.1, new SectorBalanceTask(4).scale());
        // on the empty 16×16 board the top-left sector holds 16 vertical and 16 horizontal placements,
        // the top-right one 16 vertical and 12 horizontal (no left square in column 15): 0.4 at the study's scale
        float[] empty = targets(new SectorBalanceTask(4), new DomineeringGame(16), new DomineeringGame(16).newGame());
        assertEquals(0f, empty[0], 1e-7f);
        assertEquals(0.4f, empty[3], 1e-7f);
    }
}

package dev.graft.auxiliary;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.games.domineering.DomineeringState;
import dev.graft.spi.Game;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotalMobilityTaskTest {

    private static float target(TotalMobilityTask task, Game game, dev.graft.spi.GameState state) {
        assertEquals(1, task.outputs(game));
        float[] out = {7f, 0f, 7f};
        task.targets(game, state, out, 1);
        assertEquals(7f, out[0]);
        assertEquals(7f, out[2]);
        return out[1];
    }

    @Test
    void four_by_four_counts_by_hand() {
        DomineeringGame g = new DomineeringGame(4);
        TotalMobilityTask raw = new TotalMobilityTask(1.0);
        // empty: 3 rows of tops × 4 columns = 12 vertical, 4 rows × 3 lefts = 12 horizontal
        assertEquals(0f, target(raw, g, g.newGame()));
        DomineeringState s = g.newGame();
        s.play(g.verticalMove(1, 1)); // covers (1,1), (2,1)
        // vertical lose tops (0,1), (1,1), (2,1): 9; horizontal lose lefts (1,0), (1,1), (2,0), (2,1): 8
        assertEquals(1f, target(raw, g, s));
        s.play(g.horizontalMove(0, 2)); // covers (0,2), (0,3)
        // vertical lose tops (0,2), (0,3): 7; horizontal lose lefts (0,1), (0,2): 6
        assertEquals(1f, target(raw, g, s));
        s.play(g.verticalMove(2, 3)); // covers (2,3), (3,3)
        // vertical lose tops (1,3), (2,3): 5; horizontal lose lefts (2,2), (3,2): 4
        assertEquals(1f, target(raw, g, s));
        assertEquals(0.25f, target(new TotalMobilityTask(0.25), g, s));
    }

    @Test
    void five_by_five_position_counts_by_hand() {
        DomineeringGame g = new DomineeringGame(5);
        DomineeringState s = g.newGame();
        for (int m : new int[] {g.verticalMove(0, 3), g.horizontalMove(3, 0), g.verticalMove(0, 4),
                g.horizontalMove(3, 2), g.verticalMove(1, 1), g.horizontalMove(4, 2)}) {
            s.play(m);
        }
        // . . . X X   vertical (tops): (0,0) (1,0) (0,2) (1,2) (2,4) (3,4) = 6
        // . X . X X   horizontal (lefts): (0,0) (0,1) (2,2) (2,3) (4,0) = 5
        // . X . . .
        // X X X X .
        // . . X X .
        assertEquals(1f, target(new TotalMobilityTask(1.0), g, s));
    }

    @Test
    void equals_the_sum_of_sector_balance_over_random_positions_whoever_is_to_move() {
        SplittableRandom rng = new SplittableRandom(5);
        DomineeringGame g = new DomineeringGame(8);
        SectorBalanceTask sectors = new SectorBalanceTask(2, 1.0);
        TotalMobilityTask total = new TotalMobilityTask(1.0);
        float[] perSector = new float[sectors.outputs(g)];
        for (int game = 0; game < 10; game++) {
            DomineeringState s = g.newGame();
            while (!s.isTerminal()) {
                sectors.targets(g, s, perSector, 0);
                float sum = 0;
                for (float v : perSector) {
                    sum += v;
                }
                assertEquals(sum, target(total, g, s), "ply " + s.ply());
                assertEquals(sum, target(total, g, BoardState.copyOf(g, s, 1 - s.toMove())));
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
        }
    }

    @Test
    void another_game_is_refused_naming_it_and_the_game_that_fits() {
        Game other = new OwnerlessGame(new DomineeringGame(4));
        TotalMobilityTask task = new TotalMobilityTask(1.0);
        Optional<String> why = task.incompatibility(other);
        assertTrue(why.isPresent());
        assertTrue(why.get().startsWith("total-mobility counts vertical minus horizontal domino placements and"
                + " supports only the game 'domineering', not 'ownerless'"), why.get());
        assertThrows(IllegalArgumentException.class, () -> task.outputs(other));
        assertEquals(Optional.empty(), task.incompatibility(new DomineeringGame(16)));
        assertThrows(IllegalArgumentException.class, () -> new TotalMobilityTask(-0.5));
        assertThrows(IllegalArgumentException.class, () -> new TotalMobilityTask(Double.NaN));
    }

    @Test
    void service_loader_finds_total_mobility_with_its_scale() {
        PluginFactory<?> found = SafeMovesTaskTest.find("total-mobility");
        List<OptionSpec> options = found.options();
        assertEquals(List.of("scale"), options.stream().map(OptionSpec::name).toList());
        assertEquals(TotalMobilityTask.DEFAULT_SCALE, options.get(0).defaultValue());
        TotalMobilityTask task = (TotalMobilityTask) found.create(Options.withDefaults(options, Map.of("scale", 1.0)));
        assertEquals(1.0, task.scale());
    }
}

package dev.graft.probe;

import dev.graft.data.GamePositions;
import dev.graft.spi.GameRecord;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeSetTest {
    private static final List<GameRecord> GAMES = ProbeFixtures.games(40, 5);

    @Test
    void the_probe_set_depends_on_the_spec_seed_and_the_games_only() {
        // two conditions or seeds build their validation sources with different seeds
        GamePositions a = ProbeFixtures.positions(GAMES, 30, 40, 1001);
        GamePositions b = ProbeFixtures.positions(GAMES, 30, 40, 77);
        ProbeSet one = ProbeSet.draw(a, 25, 42);
        ProbeSet two = ProbeSet.draw(b, 25, 42);
        assertEquals(one, two);
        assertArrayEquals(one.tokenIds(), two.tokenIds());
        assertEquals(25, one.size());
        assertEquals(4, one.outputs());
        assertNotEquals(one, ProbeSet.draw(a, 25, 43), "another spec seed draws another set");
    }

    @Test
    void positions_are_distinct_validation_positions_and_a_smaller_set_is_a_prefix_of_a_larger_one() {
        GamePositions v = ProbeFixtures.positions(GAMES, 30, 40, 1);
        ProbeSet big = ProbeSet.draw(v, 40, 9);
        ProbeSet small = ProbeSet.draw(v, 15, 9);
        assertEquals(small, big.prefix(15));
        Set<String> seen = new HashSet<>();
        for (var ref : big.positions()) {
            assertTrue(ref.game() >= 30 && ref.game() < 40, "a validation game: " + ref);
            assertEquals(0, ref.symmetry());
            assertTrue(seen.add(ref.toString()), "drawn twice: " + ref);
        }
        // the rows are those positions, CLS last
        var batch = v.batch(big.positions());
        assertArrayEquals(batch.tokenIds(), big.tokenIds());
        assertEquals(ProbeFixtures.GAME.clsToken(), big.tokenIds()[ProbeFixtures.GAME.tokens() - 1]);
    }

    @Test
    void asking_for_more_positions_than_the_games_have_gives_all_of_them() {
        GamePositions v = ProbeFixtures.positions(GAMES, 38, 40, 1);
        ProbeSet all = ProbeSet.draw(v, 100_000, 3);
        assertEquals(v.positionsPerEpoch(), all.size());
    }

    @Test
    void the_held_out_mask_is_fixed_by_its_seed_and_holds_out_the_rounded_fraction() {
        boolean[] m = ProbeSet.heldoutMask(1000, 0.2, 42);
        int held = 0;
        for (boolean b : m) {
            held += b ? 1 : 0;
        }
        assertEquals(200, held);
        assertArrayEquals(m, ProbeSet.heldoutMask(1000, 0.2, 42));
        assertTrue(!Arrays.equals(m, ProbeSet.heldoutMask(1000, 0.2, 43)));
        assertEquals(1, ProbeSet.heldoutCount(3, 0.01), "at least one row");
        assertEquals(2, ProbeSet.heldoutCount(3, 0.99), "at most n − 1 rows");
        assertThrows(IllegalArgumentException.class, () -> ProbeSet.heldoutMask(10, 1.0, 1));
    }

    @Test
    void shuffled_targets_are_a_fixed_permutation_of_the_rows() {
        float[][] t = new float[50][];
        for (int i = 0; i < 50; i++) {
            t[i] = new float[] {i, 100 + i};
        }
        float[][] s = ProbeSet.shuffledTargets(t, 7);
        assertTrue(Arrays.deepEquals(s, ProbeSet.shuffledTargets(t, 7)));
        Set<Float> values = new HashSet<>();
        int moved = 0;
        for (int i = 0; i < 50; i++) {
            values.add(s[i][0]);
            assertEquals(s[i][0] + 100, s[i][1], "rows move whole");
            moved += s[i][0] != i ? 1 : 0;
        }
        assertEquals(50, values.size());
        assertTrue(moved > 40, "most rows get another row's targets: " + moved);
    }

    @Test
    void random_symmetries_give_each_position_its_own_symmetry_from_the_spec_seed_alone() {
        GamePositions a = ProbeFixtures.positions(GAMES, 30, 40, 1001);
        GamePositions b = ProbeFixtures.positions(GAMES, 30, 40, 77);
        ProbeSet plain = ProbeSet.draw(a, 40, 42, false);
        ProbeSet turned = ProbeSet.draw(a, 40, 42, true);
        assertEquals(turned, ProbeSet.draw(b, 40, 42, true), "the same positions and symmetries for every condition");
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            assertEquals(0, plain.positions()[i].symmetry());
            assertEquals(plain.positions()[i].game(), turned.positions()[i].game(), "the same positions");
            assertEquals(plain.positions()[i].ply(), turned.positions()[i].ply());
            seen.add(turned.positions()[i].symmetry());
        }
        if (ProbeFixtures.GAME.symmetries() > 1) {
            assertTrue(seen.size() > 1, "several symmetries among 40 positions: " + seen);
        }
        assertEquals(turned.prefix(15), ProbeSet.draw(a, 15, 42, true), "a smaller set is still a prefix");
    }

    @Test
    void a_per_probe_split_changes_with_the_step_and_keeps_its_size() {
        boolean[] at1 = ProbeSet.heldoutMaskAt(100, 0.2, 42, 1000);
        boolean[] again = ProbeSet.heldoutMaskAt(100, 0.2, 42, 1000);
        boolean[] at2 = ProbeSet.heldoutMaskAt(100, 0.2, 42, 2000);
        assertArrayEquals(at1, again);
        assertFalse(java.util.Arrays.equals(at1, at2));
        int held = 0;
        for (boolean b : at2) {
            held += b ? 1 : 0;
        }
        assertEquals(20, held);
    }
}

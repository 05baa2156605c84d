package dev.graft.data;

import dev.graft.io.UserInputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameSplitTest {

    @Test
    void every_game_is_in_exactly_one_split() {
        for (int games : new int[] {0, 1, 7, 100, 1001}) {
            GameSplit s = GameSplit.of(games, new SplitFractions(0.7, 0.2, 0.1), 3);
            Set<Integer> seen = new HashSet<>();
            for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) {
                for (int g : part) {
                    assertTrue(seen.add(g), "game " + g + " in two splits");
                    assertTrue(g >= 0 && g < games);
                }
            }
            assertEquals(games, seen.size());
        }
    }

    @Test
    void sizes_follow_the_fractions_with_documented_rounding() {
        GameSplit s = GameSplit.of(1001, new SplitFractions(0.8, 0.1, 0.1), 1);
        assertEquals(100, s.validation().length); // round(100.1)
        assertEquals(100, s.test().length);
        assertEquals(801, s.train().length);
        GameSplit t = GameSplit.of(25, new SplitFractions(0.8, 0.1, 0.1), 1);
        assertEquals(3, t.validation().length); // round(2.5) = 3
        assertEquals(3, t.test().length);
        assertEquals(19, t.train().length);
        GameSplit u = GameSplit.of(3, new SplitFractions(0.0, 0.5, 0.5), 1);
        assertEquals(3, u.validation().length + u.test().length);
        assertEquals(0, u.train().length);
    }

    @Test
    void the_seed_alone_decides_the_split() {
        SplitFractions f = new SplitFractions(0.5, 0.25, 0.25);
        assertEquals(GameSplit.of(200, f, 9), GameSplit.of(200, f, 9));
        assertNotEquals(GameSplit.of(200, f, 9), GameSplit.of(200, f, 10));
        int[] train = GameSplit.of(200, f, 9).train();
        int[] sorted = train.clone();
        Arrays.sort(sorted);
        assertTrue(Arrays.equals(sorted, train), "indices are sorted");
    }

    @Test
    void fractions_must_sum_to_one() {
        assertThrows(UserInputException.class, () -> new SplitFractions(0.8, 0.1, 0.2));
        assertThrows(UserInputException.class, () -> new SplitFractions(1.1, -0.1, 0.0));
    }
}

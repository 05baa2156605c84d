package dev.graft.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {

    @Test
    void cosine_without_warmup_starts_at_peak_halves_in_the_middle_and_ends_at_zero() {
        LearningRateSchedule s = new LearningRateSchedule(2.3e-4, 0, 1000);
        assertEquals(2.3e-4, s.lr(0), 1e-18);
        assertEquals(1.15e-4, s.lr(500), 1e-18);
        assertEquals(2.3e-4 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(250), 1e-18);
        double last = s.lr(999);
        assertTrue(last > 0 && last < 1e-9, "last step's rate is tiny but positive: " + last);
        assertEquals(0.0, s.lr(1000));
        assertEquals(0.0, s.lr(5000));
    }

    @Test
    void warmup_rises_linearly_to_peak_then_decays() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 100, 1100);
        assertEquals(0.0, s.lr(0));
        assertEquals(5e-4, s.lr(50), 1e-15);
        assertEquals(1e-3, s.lr(100), 1e-15);
        assertEquals(5e-4, s.lr(600), 1e-15);
        assertEquals(0.0, s.lr(1100));
        assertTrue(s.lr(99) < s.lr(100) && s.lr(101) < s.lr(100));
    }

    @Test
    void rejects_warmup_as_long_as_the_run_and_a_non_positive_rate() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(Double.NaN, 0, 10));
    }
}

package dev.graft.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The wall time of a DAG on N workers: Spark's waves, longest first on the slot that frees first. */
class WorkerScheduleTest {
    /** data (2) → small a (10), small b (4) → graft a (1) → large a (20); large base (8) reads data. */
    private static final List<WorkerSchedule.Task> TASKS = List.of(
            new WorkerSchedule.Task(1, "data", List.of(), 2, 4),
            new WorkerSchedule.Task(2, "small a", List.of(1), 10, 10),
            new WorkerSchedule.Task(3, "small b", List.of(1), 4, 4),
            new WorkerSchedule.Task(4, "large base", List.of(1), 8, 8),
            new WorkerSchedule.Task(5, "graft a", List.of(2), 1, 1),
            new WorkerSchedule.Task(6, "large a", List.of(5), 20, 20));

    @Test
    void enough_workers_take_the_sum_of_each_waves_longest_stage_and_the_critical_path_is_the_longest_chain() {
        WorkerSchedule.Result r = WorkerSchedule.schedule(TASKS, 3, 1);
        assertEquals(2 + 10 + 1 + 20, r.wallSeconds(), 1e-12, "waves: data | small a, small b, large base | graft | large");
        assertEquals(33, r.criticalSeconds(), 1e-12);
        assertEquals(List.of("data", "small a", "graft a", "large a"), r.criticalPath());
        assertEquals(47, r.cpuSeconds(), 1e-12);
        assertEquals(4, r.waves());
    }

    @Test
    void fewer_slots_than_a_wave_queue_its_stages_longest_first() {
        // wave 2 on one slot: 10 + 8 + 4 = 22; on two slots (one worker of two cores): 10 | 8 + 4 → 12
        assertEquals(2 + 22 + 1 + 20, WorkerSchedule.schedule(TASKS, 1, 1).wallSeconds(), 1e-12);
        assertEquals(2 + 12 + 1 + 20, WorkerSchedule.schedule(TASKS, 1, 2).wallSeconds(), 1e-12);
        assertEquals(1, WorkerSchedule.schedule(TASKS, 1, 2).slots() / 2);
    }

    @Test
    void no_workers_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> WorkerSchedule.schedule(TASKS, 0, 1));
    }
}

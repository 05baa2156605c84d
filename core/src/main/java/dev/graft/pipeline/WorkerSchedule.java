package dev.graft.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * How long a DAG of stages takes on {@code workers} machines of {@code cores} cores each, given every
 * stage's duration: the stages run as Spark runs them ({@code --executor spark}), one wave after
 * another (a wave: the stages whose inputs are all done), each stage one task on one core (Spark's
 * default of one core per task, so a worker runs {@code cores} stages at once), a wave's tasks placed
 * longest first on the slot that frees first. Also the critical path (the longest chain of stages
 * through the DAG: no number of workers finishes sooner) and the total CPU time.
 */
public final class WorkerSchedule {
    private WorkerSchedule() {
    }

    /**
     * One stage to place.
     *
     * @param number  its number in the plan (inputs refer to these)
     * @param id      its id
     * @param inputs  the numbers of the stages it reads that run too
     * @param seconds its duration on one slot
     * @param cpu     the CPU seconds it spends (its duration, or more when it uses several threads)
     */
    public record Task(int number, String id, List<Integer> inputs, double seconds, double cpu) {
    }

    /**
     * @param wallSeconds     the wall time on the workers
     * @param criticalSeconds the longest chain's duration
     * @param criticalPath    the ids of that chain, first to last
     * @param cpuSeconds      total CPU seconds of every stage
     * @param slots           stages that run at once (workers × cores)
     * @param waves           how many waves
     */
    public record Result(double wallSeconds, double criticalSeconds, List<String> criticalPath, double cpuSeconds,
                         int slots, int waves) {
    }

    /**
     * @param tasks in a topological order (the plan's)
     * @throws IllegalArgumentException when workers or cores are below 1
     */
    public static Result schedule(List<Task> tasks, int workers, int cores) {
        if (workers < 1 || cores < 1) {
            throw new IllegalArgumentException("need at least one worker of one core, got " + workers + " × " + cores);
        }
        int slots = (int) Math.min(Integer.MAX_VALUE, (long) workers * cores);
        Map<Integer, Task> byNumber = new HashMap<>();
        Map<Integer, Integer> waveOf = new HashMap<>();
        Map<Integer, Double> finish = new HashMap<>();
        Map<Integer, Integer> before = new HashMap<>();
        List<List<Task>> waves = new ArrayList<>();
        double cpu = 0;
        for (Task t : tasks) {
            byNumber.put(t.number(), t);
            int wave = 1;
            double start = 0;
            Integer prev = null;
            for (int in : t.inputs()) {
                if (!byNumber.containsKey(in)) {
                    continue;
                }
                wave = Math.max(wave, waveOf.get(in) + 1);
                if (prev == null || finish.get(in) > start) {
                    start = finish.get(in);
                    prev = in;
                }
            }
            waveOf.put(t.number(), wave);
            finish.put(t.number(), start + t.seconds());
            if (prev != null) {
                before.put(t.number(), prev);
            }
            while (waves.size() < wave) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave - 1).add(t);
            cpu += t.cpu();
        }
        double wall = 0;
        for (List<Task> wave : waves) {
            wall += makespan(wave, slots);
        }
        int last = -1;
        double longest = 0;
        for (Task t : tasks) {
            if (last < 0 || finish.get(t.number()) > longest) {
                last = t.number();
                longest = finish.get(t.number());
            }
        }
        List<String> path = new ArrayList<>();
        for (Integer n = last < 0 ? null : last; n != null; n = before.get(n)) {
            path.add(byNumber.get(n).id());
        }
        Collections.reverse(path);
        return new Result(wall, longest, path, cpu, slots, waves.size());
    }

    /** Longest first, each on the slot that frees first. */
    private static double makespan(List<Task> wave, int slots) {
        List<Double> durations = new ArrayList<>(wave.stream().map(Task::seconds).toList());
        durations.sort(Collections.reverseOrder());
        PriorityQueue<Double> free = new PriorityQueue<>();
        double end = 0;
        for (double d : durations) {
            double start = free.size() < slots ? 0 : free.poll();
            free.add(start + d);
            end = Math.max(end, start + d);
        }
        return end;
    }
}

package dev.graft.io;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wall time and CPU time of one stage's work, for its manifest ("where the hours go"). An executor
 * {@link #start()}s a clock on the thread that runs a stage and {@link #stop()}s it afterwards; whatever
 * commits the stage's artifact on that thread reads {@link #current()}.
 *
 * <p>CPU time is the stage thread's own (native code it calls, such as ND4J's OpenMP team of one
 * thread, runs on it and counts) plus that of the helper threads the stage's code runs through
 * {@link #counted(Runnable)} (game-generation workers, the second half-batch of a training step).
 * It is not the process's CPU time, so stages running side by side do not count each other's work.
 */
public final class WorkClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final InheritableThreadLocal<WorkClock> CURRENT = new InheritableThreadLocal<>();

    private final long startNanos = System.nanoTime();
    private final Thread owner = Thread.currentThread();
    private final long ownerCpuStart = threadCpu();
    private final AtomicLong helperCpu = new AtomicLong();

    private WorkClock() {
    }

    /** Starts a clock for the work this thread does from now on (replacing any earlier one of this thread). */
    public static WorkClock start() {
        WorkClock clock = new WorkClock();
        CURRENT.set(clock);
        return clock;
    }

    /** Ends this thread's clock. */
    public static void stop() {
        CURRENT.remove();
    }

    /** The clock of the work this thread does (or, on a helper thread, the work that started it); empty outside a stage. */
    public static Optional<WorkClock> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * {@code task} wrapped so that the CPU time it takes on whichever thread runs it is added to the
     * clock current now (on the calling thread); {@code task} itself when there is none.
     */
    public static Runnable counted(Runnable task) {
        WorkClock clock = CURRENT.get();
        if (clock == null || !THREADS.isCurrentThreadCpuTimeSupported()) {
            return task;
        }
        return () -> {
            long before = threadCpu();
            try {
                task.run();
            } finally {
                clock.helperCpu.addAndGet(Math.max(0, threadCpu() - before));
            }
        };
    }

    /** Seconds since the clock started. */
    public double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** CPU seconds of the stage thread and its counted helpers since the clock started; NaN where the JVM cannot say. */
    public double cpuSeconds() {
        long own = Thread.currentThread() == owner ? threadCpu() : THREADS.getThreadCpuTime(owner.getId());
        if (own < 0 || ownerCpuStart < 0) {
            return Double.NaN;
        }
        return (own - ownerCpuStart + helperCpu.get()) / 1e9;
    }

    /** {@code {"wall_s", "cpu_s"}} now, for a manifest (full precision). */
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wall_s", wallSeconds());
        double cpu = cpuSeconds();
        m.put("cpu_s", Double.isNaN(cpu) ? null : cpu);
        return m;
    }

    private static long threadCpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}

package dev.graft.runner;

import com.google.inject.Guice;
import com.google.inject.Module;
import dev.graft.io.UserInputException;
import dev.graft.pipeline.LocalExecutor;
import dev.graft.pipeline.StageExecutor;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code --executor} and {@code --parallel} of {@code graft run}: the one place that knows the
 * executors by name and turns the options into a {@link StageExecutor}. Checked before anything is
 * written; a wrong value is a user error (exit 2).
 */
final class ExecutorOptions {

    /** Makes one executor from the checked options. */
    interface Factory {
        ExecutorChoice create(ExecutorOptions options, Machine machine, PrintWriter err, StagePlanSource source)
                throws Exception;
    }

    /** Every executor by name (its Guice module), in the order the help and the messages list them. */
    static final Map<String, Supplier<Module>> EXECUTORS = ExecutorModules.BY_NAME;

    @Option(names = "--executor", paramLabel = "NAME", defaultValue = "local",
            description = "What runs the stages: local (this machine; the default) or spark (tasks of an Apache Spark"
                    + " job; see --master). See docs/executors.md.")
    String executor;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --executor spark: local[N], spark://HOST:PORT, ... (default: spark-submit's,"
                    + " else local[*]). The cache must be on a file system every worker sees.")
    String master;

    @Option(names = "--parallel", paramLabel = "N",
            description = "local: stages run at once, each on its own OMP_NUM_THREADS native threads (default: "
                    + "cores ÷ OMP_NUM_THREADS, at least 1; 1 runs them one after another, each training then "
                    + "splitting its batch over two threads when the cores allow). Results are the same for every N.")
    Integer parallel;

    /** The executor made, and one line for the run's log saying how it runs the stages. */
    record ExecutorChoice(String name, StageExecutor executor, String summary) {
    }

    /** The processors and native threads the stages would share. */
    record Machine(int cores, int nativeThreadsPerRun) {

        /** This JVM's processors and {@code OMP_NUM_THREADS} (unset: ND4J uses every core per run). */
        static Machine current() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Machine(cores, nativeThreads(System.getenv("OMP_NUM_THREADS"), cores));
        }

        /** {@code OMP_NUM_THREADS} as ND4J reads it: a positive number, else (unset, junk) every core. */
        static int nativeThreads(String ompNumThreads, int cores) {
            if (ompNumThreads != null) {
                try {
                    int n = Integer.parseInt(ompNumThreads.strip());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // falls through: OpenMP ignores a value it cannot read
                }
            }
            return cores;
        }
    }

    /**
     * Checks the options and makes the executor. Writes nothing but a warning on {@code err}.
     *
     * @throws UserInputException for an unknown executor or a {@code --parallel} below 1
     */
    ExecutorChoice create(Machine machine, PrintWriter err) throws Exception {
        return create(machine, err, null);
    }

    /**
     * Checks the options and makes the executor with the {@link #module()} it names.
     *
     * @param source how an external executor's tasks rebuild the run's stages; unused by {@code local}
     */
    ExecutorChoice create(Machine machine, PrintWriter err, StagePlanSource source) throws Exception {
        return create(Guice.createInjector(module()).getInstance(Factory.class), machine, err, source);
    }

    /**
     * The Guice module of the executor {@code --executor} names, which binds its {@link Factory}; for
     * an unknown name, one whose factory is never called ({@link #create} refuses the name first,
     * after the spec has been checked, as a run always did).
     */
    Module module() {
        Supplier<Module> module = EXECUTORS.get(name());
        return module != null ? module.get() : new ExecutorModules.Unknown();
    }

    private UserInputException unknown() {
        return new UserInputException("--executor " + executor + ": no such executor; give one of "
                + String.join(", ", EXECUTORS.keySet()) + " (see docs/executors.md).");
    }

    private String name() {
        return executor == null ? "local" : executor.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks the options and makes the executor with {@code factory} (the one {@link #module()} binds,
     * or a test's); an external one (Spark) connects here, so an unreachable master fails before the
     * run writes anything.
     */
    ExecutorChoice create(Factory factory, Machine machine, PrintWriter err, StagePlanSource source) throws Exception {
        String name = name();
        if (!EXECUTORS.containsKey(name)) {
            throw unknown();
        }
        if (master != null && !name.equals("spark")) {
            throw new UserInputException("--master " + master + ": only --executor spark has a master;"
                    + " add --executor spark, or drop --master to run here.");
        }
        if (parallel != null && !name.equals("local")) {
            throw new UserInputException("--parallel " + parallel + ": only --executor local runs stages on threads"
                    + " of its own; --executor " + name + " runs each wave's stages as parallel tasks (drop --parallel).");
        }
        if (parallel != null && parallel < 1) {
            throw new UserInputException("--parallel " + parallel + ": give at least 1 (the number of stages that"
                    + " run at once; 1 runs them one after another; leave it out for " + defaultParallel(machine)
                    + " on this machine).");
        }
        return factory.create(this, machine, err, source);
    }

    /** A training step can run its two half-batches on two threads ({@code Transformer.setTrainThreads}). */
    static final int HALF_BATCH_THREADS = 2;

    /**
     * Stages at once by default: cores ÷ {@code OMP_NUM_THREADS} (2 on a 2-core machine), each training
     * then on one half-batch thread. Measured idle on 2 cores (docs/performance.md): the quickstart
     * took 200 s this way against 218 s one stage at a time with both half-batch threads, and two
     * trainings at once gave 1.14–1.3× the samples/s of one on two threads (bench train's
     * {@code concurrent-2} rows).
     */
    static int defaultParallel(Machine machine) {
        return LocalExecutor.defaultParallel(machine.cores(), machine.nativeThreadsPerRun());
    }

    /**
     * The half-batch threads each training gets (1 or 2; 0 for executors whose stages run on other
     * machines, where the model chooses): 2 only when that many stages at once still fit the cores.
     */
    int trainThreadsPerStage(Machine machine) {
        String name = executor == null ? "local" : executor.strip().toLowerCase(Locale.ROOT);
        if (!name.equals("local")) {
            return 0;
        }
        int n = parallel != null && parallel > 0 ? parallel : defaultParallel(machine);
        return (long) n * HALF_BATCH_THREADS * machine.nativeThreadsPerRun() <= machine.cores() ? 2 : 1;
    }

    /**
     * {@code local}: {@code --parallel} stages at once. More native threads than cores is allowed with
     * a warning: the results are the same, only slower per stage (and it can pay when stages wait on
     * files or the machine reports fewer cores than it has).
     */
    static ExecutorChoice local(ExecutorOptions options, Machine machine, PrintWriter err,
                                        StagePlanSource source) {
        int n = options.parallel != null ? options.parallel : defaultParallel(machine);
        long threads = (long) n * machine.nativeThreadsPerRun();
        if (options.parallel != null && threads > machine.cores()) {
            err.println(String.format(Locale.ROOT, "graft: warning: --parallel %d × %d native thread%s per stage "
                            + "(OMP_NUM_THREADS) is %d threads on %d cores: the stages compete for cores (the results "
                            + "are the same, each stage is slower). %d at once fill%s the cores.", n,
                    machine.nativeThreadsPerRun(), machine.nativeThreadsPerRun() == 1 ? "" : "s", threads,
                    machine.cores(), defaultParallel(machine), defaultParallel(machine) == 1 ? "s" : ""));
            err.flush();
        }
        int halves = options.trainThreadsPerStage(machine);
        String summary = (n == 1 ? "one stage at a time"
                : String.format(Locale.ROOT, "up to %d stages at once, %d native thread%s each", n,
                machine.nativeThreadsPerRun(), machine.nativeThreadsPerRun() == 1 ? "" : "s"))
                + (halves == 2 ? ", half-batches on 2 threads" : ", half-batches one after the other");
        return new ExecutorChoice("local", new LocalExecutor(n), summary);
    }

}

package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code graft run --executor local --parallel N}: two stages at once give the same files as one at a
 * time, and wrong executor options exit 2 before anything is written.
 */
class ParallelRunTest {
    /** 3 conditions × 2 seeds on a 4×4 board with tiny models: 11 stages, up to 4 ready at once. */
    static final String SPEC = "name: parallel\n" + ExperimentRunTest.TINY + """
            experiment:
              seeds: [1, 2]
              conditions:
                small+aux: {model: small, auxiliary: true}
                baseline: {model: large}
                graft+aux: {model: large, graft: {from: small+aux, strategy: offset}}
              compare: [{a: graft+aux, b: baseline}]
            """;

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result graft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result run(Path spec, String name, String... more) {
        String[] base = {"run", spec.toString(), "--out", tmp.resolve(name).toString(), "--cache",
                tmp.resolve("cache-" + name).toString(), "--no-progress"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return graft(all);
    }

    @Test
    void two_stages_at_once_write_the_same_checkpoints_probes_fits_and_metrics_as_one_at_a_time() throws Exception {
        Path spec = Files.writeString(tmp.resolve("parallel.yaml"), SPEC);
        Result one = run(spec, "one", "--parallel", "1");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("one stage at a time"), one.out());
        Result two = run(spec, "two", "--parallel", "2");
        assertEquals(0, two.code(), two.err());
        assertTrue(two.out().contains("up to 2 stages at once"), two.out());

        RunComparison.assertSameResults(tmp.resolve("one"), tmp.resolve("two"));
        for (String f : new String[]{"probes.csv", "fits.json"}) {
            assertTrue(Files.isRegularFile(tmp.resolve("one").resolve(f)), f);
            assertEquals(Files.readString(tmp.resolve("one").resolve(f)), Files.readString(tmp.resolve("two").resolve(f)),
                    f + " byte for byte");
        }
        assertTrue(Files.readString(tmp.resolve("two/fits.json")).contains("gap_inf"));
    }

    @Test
    void parallel_below_one_exits_2_and_writes_nothing() throws Exception {
        Path spec = Files.writeString(tmp.resolve("parallel.yaml"), SPEC);
        for (String n : new String[]{"0", "-3"}) {
            Result r = run(spec, "never", "--parallel", n);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--parallel " + n + ": give at least 1"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(tmp.resolve("never")), "no run folder");
            assertFalse(Files.exists(tmp.resolve("cache-never")), "no cache");
        }
        Result junk = run(spec, "never", "--parallel", "two");
        assertEquals(2, junk.code(), junk.err());
        assertTrue(junk.err().contains("--parallel"), junk.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void an_unknown_executor_exits_2_naming_the_valid_ones_and_writes_nothing() throws Exception {
        Path spec = Files.writeString(tmp.resolve("parallel.yaml"), SPEC);
        Result r = run(spec, "never", "--executor", "cluster");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--executor cluster: no such executor; give one of "
                + String.join(", ", ExecutorOptions.EXECUTORS.keySet())), r.err());
        assertTrue(r.err().contains("local"), r.err());
        assertFalse(Files.exists(tmp.resolve("never")));
        assertFalse(Files.exists(tmp.resolve("cache-never")));
    }

    @Test
    void more_native_threads_than_cores_is_allowed_with_a_warning() throws Exception {
        var machine = new ExecutorOptions.Machine(2, 1);
        StringWriter err = new StringWriter();
        ExecutorOptions options = new ExecutorOptions();
        options.executor = "local";
        options.parallel = 4;
        var choice = options.create(machine, new PrintWriter(err, true));
        assertEquals(4, ((dev.graft.pipeline.LocalExecutor) choice.executor()).parallel());
        assertTrue(err.toString().contains("warning: --parallel 4 × 1 native thread per stage (OMP_NUM_THREADS) is 4"
                + " threads on 2 cores"), err.toString());

        StringWriter quiet = new StringWriter();
        options.parallel = 2;
        options.create(machine, new PrintWriter(quiet, true));
        assertEquals("", quiet.toString(), "2 × 1 threads fit 2 cores");
        options.parallel = null;
        var byDefault = options.create(new ExecutorOptions.Machine(8, 2), new PrintWriter(quiet, true));
        assertEquals(4, ((dev.graft.pipeline.LocalExecutor) byDefault.executor()).parallel(), "8 cores ÷ 2 threads");
        assertEquals(1, options.trainThreadsPerStage(new ExecutorOptions.Machine(8, 2)), "4 × 2 × 2 exceed 8 cores");
        assertEquals(2, options.create(machine, new PrintWriter(quiet, true)).executor() instanceof
                dev.graft.pipeline.LocalExecutor l ? l.parallel() : -1, "2 cores, one native thread each: two at once");
        assertEquals(1, options.trainThreadsPerStage(machine), "two at once on 2 cores: one thread each");
        options.parallel = 1;
        assertEquals(2, options.trainThreadsPerStage(machine), "alone on 2 cores, a training takes both");
        options.parallel = 2;
        assertEquals(1, options.trainThreadsPerStage(machine), "two at once on 2 cores: one thread each");
    }

    @Test
    void native_threads_per_run_are_omp_num_threads_or_every_core() {
        assertEquals(1, ExecutorOptions.Machine.nativeThreads("1", 8));
        assertEquals(3, ExecutorOptions.Machine.nativeThreads(" 3 ", 8));
        assertEquals(8, ExecutorOptions.Machine.nativeThreads(null, 8), "unset: OpenMP takes every core");
        assertEquals(8, ExecutorOptions.Machine.nativeThreads("0", 8));
        assertEquals(8, ExecutorOptions.Machine.nativeThreads("many", 8));
    }
}

package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.pipeline.ModelContext;
import dev.graft.pipeline.Planner;
import dev.graft.pipeline.RunAnalysis;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.StageGraph;
import dev.graft.pipeline.StepTimes;
import dev.graft.pipeline.TrainStage;
import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code graft plan}: the DAG a run would execute, what is cached, and what is left to run and why. */
@Command(name = "plan", description = "Print the stages a run of the spec would execute as a table: key, inputs, "
        + "estimated cost, and cached / partial / to run with the reason. Runs nothing.")
final class PlanCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SpecArguments args;

    @Mixin
    RunOptions run;

    @Option(names = "--no-measure", description = "Do not micro-benchmark a step whose time no earlier run recorded "
            + "(its cost is then shown as unknown).")
    boolean noMeasure;

    @Option(names = "--workers", paramLabel = "N", description = "Also estimate the wall time of the stages left on N"
            + " workers (Spark's waves, one stage per core), the critical path and the total CPU-hours.")
    Integer workers;

    @Option(names = "--cores-per-worker", paramLabel = "C", description = "Cores of each worker for --workers"
            + " (default 1).")
    Integer coresPerWorker;

    @Override
    public void run() {
        if (workers != null && workers < 1) {
            throw new UserInputException("--workers " + workers + ": give at least 1 (the machines the stages are"
                    + " spread over; 1 estimates a single machine).");
        }
        if (coresPerWorker != null && coresPerWorker < 1) {
            throw new UserInputException("--cores-per-worker " + coresPerWorker + ": give at least 1.");
        }
        if (coresPerWorker != null && workers == null) {
            throw new UserInputException("--cores-per-worker needs --workers N (the estimate it is for).");
        }
        GraftSpec resolved = args.load(graft.inject(this).plugins);
        var setup = new RunSetup(resolved, plugins, run.runDir(resolved),
                run.cacheRoot(), false);
        StageGraph graph = RunPlan.of(setup);
        StepTimes times = new StepTimes(setup.cache(), new ModelContext(setup).game(), !noMeasure);
        PrintWriter out = spec.commandLine().getOut();
        out.println("plan for " + args.file + " → " + setup.runDir() + " (cache " + setup.cache().root() + ")");
        DataSample sample = noMeasure ? null : DataSample.measure(resolved, plugins);
        boolean perGame = resolved.training().positions().perGameSampling();
        var rows = Planner.plan(graph, setup.cache(), times, setup.runDir(), s -> s instanceof TrainStage t
                && (sample != null || perGame) ? t.estimatedSteps(sample == null ? 0 : sample.shortShare(),
                sample == null ? 0 : sample.meanPlies()) : -1);
        out.print(PlanTable.table(rows));
        out.print(PlanTable.wavesLine(rows));
        out.print(DataScaleLine.describe(resolved, sample));
        if (workers != null) {
            out.print(WorkersLine.describe(resolved, rows, sample, setup.cache(), workers,
                    coresPerWorker == null ? 1 : coresPerWorker));
        }
        out.println(RunAnalysis.describe(resolved));
        out.flush();
    }
}

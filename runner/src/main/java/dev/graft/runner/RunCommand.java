package dev.graft.runner;

import dev.graft.pipeline.Provenance;
import dev.graft.pipeline.RunAnalysis;
import dev.graft.pipeline.RunDirectory;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunRecorder;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.StageGraph;
import dev.graft.plugin.PluginCatalog;
import dev.graft.report.ReportBuilder;
import dev.graft.report.RunStatus;
import dev.graft.spec.GraftSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code graft run}: runs a spec's DAG of stages, or resumes it in the same run folder. */
@Command(name = "run", description = "Run a spec (or resume it: the same command again continues where it stopped).")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    GraftCommand graft;

    @Spec
    CommandSpec spec;

    @Mixin
    SpecArguments args;

    @Mixin
    RunOptions run;

    @Mixin
    ExecutorOptions executor;

    @Override
    public Integer call() throws Exception {
        GraftSpec resolved = args.load(graft.injector());
        var machine = ExecutorOptions.Machine.current();
        var setup = new RunSetup(resolved, graft.injector().getInstance(PluginCatalog.class), run.runDir(resolved),
                run.cacheRoot(), run.progress(), executor.trainThreadsPerStage(machine));
        StageGraph graph = RunPlan.of(setup);
        // Connects to a cluster (if asked) before anything is written: an unreachable master leaves no trace.
        var choice = executor.create(machine, spec.commandLine().getErr(),
                StagePlanSource.of(resolved, setup, Graft.pluginDirs(graft.pluginDirs)));
        // Everything about the input is checked above; only now is anything written.
        RunDirectory dir = RunDirectory.open(setup.runDir(), resolved.toResolvedYaml(),
                Provenance.now(Version.get(), resolved.hashOf(""), resolved.experiment().seeds())
                        .withStages(RunRecorder.provenance(graph)));
        var out = spec.commandLine().getOut();
        out.println("graft: running " + args.file + " into " + dir.root() + " (" + graph.order().size()
                + " stages, " + choice.summary() + ", cache " + setup.cache().root() + ")");
        out.flush();
        RunStatus.write(dir.root(), RunStatus.State.RUNNING);
        RunRecorder recorder = new RunRecorder(graph, dir, setup.cache());
        try {
            try {
                choice.executor().execute(graph, recorder);
            } finally {
                if (choice.executor() instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            recorder.writeMetrics();
            recorder.writeProbes();
            out.println("graft: analysing the run (" + RunAnalysis.describe(resolved).replaceFirst("^then: ", "") + ")");
            out.flush();
            ReportBuilder.Report report = RunAnalysis.build(dir.root(), resolved, setup.plugins());
            out.println("graft: report " + report.html() + "; fits " + report.fits() + "; " + report.plots().size()
                    + " plots");
            out.flush();
        } catch (Exception | Error e) {
            RunStatus.write(dir.root(), RunStatus.State.FAILED);
            throw e;
        }
        // graft report needs this: every training and probe stage is done and the report is built.
        RunStatus.write(dir.root(), RunStatus.State.FINISHED);
        RunSummary.print(dir.metrics(), out);
        out.println("graft: done; results in " + dir.root());
        out.flush();
        return Main.OK;
    }
}

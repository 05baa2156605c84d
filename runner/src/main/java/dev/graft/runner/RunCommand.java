package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.pipeline.Provenance;
import dev.graft.pipeline.RunAnalysis;
import dev.graft.pipeline.RunDirectory;
import dev.graft.pipeline.RunLock;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunRecorder;
import dev.graft.pipeline.RunSetup;
import dev.graft.pipeline.StageGraph;
import dev.graft.pipeline.StageHours;
import dev.graft.plugin.PluginCatalog;
import dev.graft.report.ReportBuilder;
import dev.graft.report.RunStatus;
import dev.graft.spec.GraftSpec;
import dev.graft.train.StopRequest;
import dev.graft.train.StopRequestedException;
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

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    /** Makes the executor {@code --executor} names: bound by that executor's module ({@link ExecutorModules}). */
    @Inject
    ExecutorOptions.Factory executors;

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
        // The engine's services and the executor's module (--executor local or spark) in one injector.
        graft.inject(this, executor.module());
        GraftSpec resolved = args.load(plugins);
        var machine = ExecutorOptions.Machine.current();
        var setup = new RunSetup(resolved, plugins, run.runDir(resolved),
                run.cacheRoot(), run.progress(), new StopRequest(), executor.trainThreadsPerStage(machine));
        StageGraph graph = RunPlan.of(setup);
        // Connects to a cluster (if asked) before anything is written: an unreachable master leaves no trace.
        var choice = executor.create(executors, machine, spec.commandLine().getErr(),
                StagePlanSource.of(resolved, setup, Graft.pluginDirs(graft.pluginDirs)));
        // One graft run per run folder (a second refuses at once, exit 2); Ctrl-C / SIGTERM stop at a safe point.
        try (RunLock lock = RunLock.acquire(setup.runDir());
             Interrupts signals = Interrupts.install(setup.stop(), spec.commandLine().getErr())) {
            return runLocked(resolved, setup, graph, choice);
        } catch (StopRequestedException e) {
            var err = spec.commandLine().getErr();
            err.println("graft: " + e.getMessage());
            err.println("graft: resume with: graft " + String.join(" ",
                    spec.commandLine().getParseResult().originalArgs().stream().map(RunCommand::quoted).toList()));
            err.flush();
            return Interrupts.exitCode(e.reason());
        } finally {
            if (choice.executor() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private Integer runLocked(GraftSpec resolved, RunSetup setup, StageGraph graph,
                              ExecutorOptions.ExecutorChoice choice) throws Exception {
        // Everything about the input is checked above; only now is anything written.
        RunDirectory dir = RunDirectory.open(setup.runDir(), resolved.toResolvedYaml(),
                Provenance.now(Version.get(), resolved.hashOf(""), resolved.experiment().seeds())
                        .withStages(RunRecorder.provenance(graph)));
        var out = spec.commandLine().getOut();
        out.println("graft: running " + args.file + " into " + dir.root() + " (" + graph.order().size()
                + " stages, " + choice.summary() + ", cache " + setup.cache().root() + ")");
        out.flush();
        RunStatus.write(dir.root(), RunStatus.State.RUNNING);
        RunRecorder recorder = new RunRecorder(graph, dir, setup.cache(), setup.stop());
        try {
            choice.executor().execute(graph, recorder);
            recorder.writeMetrics();
            recorder.writeProbes();
            RunStatus.write(dir.root(), RunStatus.State.RUNNING, StageHours.of(graph, setup.cache()));
            out.println("graft: analysing the run (" + RunAnalysis.describe(resolved).replaceFirst("^then: ", "") + ")");
            out.flush();
            ReportBuilder.Report report = RunAnalysis.build(dir.root(), resolved, setup.plugins());
            out.println("graft: report " + report.html() + "; fits " + report.fits() + "; " + report.plots().size()
                    + " plots");
            out.flush();
        } catch (StopRequestedException e) {
            throw e; // not a failure: the run folder stays "running" and the same command resumes it
        } catch (Exception | Error e) {
            RunStatus.write(dir.root(), RunStatus.State.FAILED, StageHours.of(graph, setup.cache()));
            throw e;
        }
        // graft report needs this: every training and probe stage is done and the report is built.
        RunStatus.write(dir.root(), RunStatus.State.FINISHED, StageHours.of(graph, setup.cache()));
        RunSummary.print(dir.metrics(), out);
        out.println("graft: done; results in " + dir.root());
        out.flush();
        return Main.OK;
    }
}

package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.plugin.PluginCatalog;
import dev.graft.report.AnalysisSettings;
import dev.graft.report.ReportBuilder;
import dev.graft.report.RunFiles;
import dev.graft.report.RunStatus;
import dev.graft.spec.Section;
import dev.graft.spec.SpecLoader;
import dev.graft.spec.SpecSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code graft report RUN_DIR}: rebuilds fits.json, plots/ and report.html from a finished run
 * directory, without training. The analysis settings are the run's own (the {@code analysis}
 * section of its spec.resolved.yaml), with {@code --set analysis.KEY=VALUE} overrides.
 */
@Command(name = "report", description = "Rebuild the fits, plots and report.html of a finished run from its run folder (trains nothing).")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    GraftCommand graft;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (graft run wrote it; it holds spec.resolved.yaml).")
    Path runDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override an analysis setting, e.g. --set analysis.bootstrap=1000 (repeatable); validated like the spec.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--key-layer", paramLabel = "N",
            description = "Layer of the compare entries that name none (default: the last grafted layer of a).")
    Integer keyLayer;

    @Option(names = "--threads", paramLabel = "N", description = "Bootstrap worker threads (default: every core). Results do not depend on it.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (keyLayer != null && keyLayer < 0) {
            throw new dev.graft.io.UserInputException("--key-layer " + keyLayer + ": a layer is a whole number ≥ 0.");
        }
        if (threads != null && threads < 1) {
            throw new dev.graft.io.UserInputException("--threads " + threads + ": give at least 1 thread.");
        }
        RunStatus.requireFinishedRun(runDir);
        PluginCatalog catalog = graft.inject(this).plugins;
        Section analysis = new SpecLoader(catalog).loadSection(runDir.resolve(RunFiles.SPEC), SpecSchema.ANALYSIS, sets);
        AnalysisSettings settings = AnalysisSettings.from(analysis, catalog);
        if (threads != null) {
            settings = settings.withThreads(threads);
        }
        if (keyLayer != null) {
            settings = settings.withKeyLayer(keyLayer);
        }
        // Every input is checked (the compare entries against probes.csv included) before anything is written.
        ReportBuilder.check(runDir, settings);
        PrintWriter out = spec.commandLine().getOut();
        out.println("graft: analysing " + runDir + " (" + settings.fits().size() + " fit model"
                + (settings.fits().size() == 1 ? "" : "s") + ", " + settings.bootstrap() + " bootstrap replicates)");
        out.flush();
        ReportBuilder.Report report = ReportBuilder.build(runDir, settings);
        out.println("graft: report " + report.html() + "; fits " + report.fits() + "; " + report.plots().size() + " plots in "
                + runDir.resolve(RunFiles.PLOTS));
        out.flush();
        return Main.OK;
    }
}

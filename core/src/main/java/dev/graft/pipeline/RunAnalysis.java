package dev.graft.pipeline;

import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.probe.ProbeLog;
import dev.graft.probe.ProbeRow;
import dev.graft.probe.ProbeSchedule;
import dev.graft.report.AnalysisSettings;
import dev.graft.report.ReportBuilder;
import dev.graft.spec.ExperimentSpec;
import dev.graft.spec.ExperimentSpec.Comparison;
import dev.graft.spec.ExperimentSpec.Condition;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.Section;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The analysis at the end of {@code graft run}: the gap curves of {@code experiment.compare}, their
 * fits, plots and report.html, built from the run directory by {@link ReportBuilder} once every stage
 * has finished. {@link #check} tells before any work whether every compare entry will have probes
 * to compare.
 */
public final class RunAnalysis {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunAnalysis.class);

    private RunAnalysis() {
    }

    /**
     * Checks that every compare entry's two conditions are probed by the analysis' probe at the entry's
     * layer. A spec that probes nothing (no auxiliary task, or {@code probes: []}) passes: its report
     * has no gap curves.
     *
     * @throws UserInputException naming the entry and what is missing
     */
    public static void check(GraftSpec spec) {
        List<ProbeSchedule> probes = ProbeSchedule.of(spec);
        ExperimentSpec experiment = spec.experiment();
        if (probes.isEmpty() || experiment.compare().isEmpty()) {
            return;
        }
        String probe = analysis(spec).string("probe");
        Optional<ProbeSchedule> schedule = probes.stream().filter(p -> p.label().equals(probe)).findFirst();
        if (schedule.isEmpty()) {
            throw new UserInputException(where(spec) + "analysis.probe: the gap curves compare probe '" + probe
                    + "', but the spec's probes are " + probes.stream().map(ProbeSchedule::label).toList()
                    + ". Give analysis.probe one of them, or add a probe labelled '" + probe + "'.");
        }
        for (int i = 0; i < experiment.compare().size(); i++) {
            Comparison c = experiment.compare().get(i);
            for (String name : List.of(c.a(), c.b())) {
                Condition condition = experiment.condition(name).orElseThrow();
                ModelSize size = condition.model();
                if (!schedule.get().periodicOn(size.label())) {
                    // A small model's reference probe (once, at its end) gives no curve to compare.
                    throw new UserInputException(String.format(Locale.ROOT, "%sexperiment.compare: %s − %s needs probes"
                                    + " of '%s', a %s model, but probe '%s' runs on large models only. Add on: all to"
                                    + " the probe, or compare large conditions.", where(spec), c.a(), c.b(), name,
                            size.label(), probe));
                }
                int layers = (size == ModelSize.SMALL ? spec.models().small() : spec.models().large()).layers();
                if (!schedule.get().layersOf(layers).contains(c.layer())) {
                    throw new UserInputException(String.format(Locale.ROOT, "%sexperiment.compare: %s − %s is compared"
                                    + " at layer %d, but probe '%s' fits layers %s only. Add layer %d to its layers, or"
                                    + " give the entry one of them (layer: …).", where(spec), c.a(), c.b(), c.layer(),
                            probe, schedule.get().layersOf(layers), c.layer()));
                }
            }
        }
    }

    /** Whether the run's report has gap curves to fit (the spec probes something and compares something). */
    public static boolean compares(GraftSpec spec) {
        return !ProbeSchedule.of(spec).isEmpty() && !spec.experiment().compare().isEmpty();
    }

    /** Builds fits.json, plots/ and report.html in {@code runDir} from its files. */
    public static ReportBuilder.Report build(Path runDir, GraftSpec spec, PluginCatalog catalog) throws IOException {
        boolean compare = compares(spec);
        if (compare && !hasPeriodicProbes(runDir.resolve(RunDirectory.PROBES))) {
            // Training ended before the first probe step (steps < every): no gap curve has a point.
            LOG.warn("no probe step came within training (probes every {} steps): the report has no gap curves",
                    ProbeSchedule.of(spec).get(0).every());
            compare = false;
        }
        return ReportBuilder.build(runDir, AnalysisSettings.from(analysis(spec), catalog), compare);
    }

    private static boolean hasPeriodicProbes(Path probesCsv) {
        return Files.isRegularFile(probesCsv) && new ProbeLog(probesCsv).read().stream()
                .anyMatch(r -> r.step() > 0 && ProbeRow.PERIODIC.equals(r.set()));
    }

    /** What the analysis will do, for {@code graft plan}. */
    public static String describe(GraftSpec spec) {
        Section a = analysis(spec);
        if (!compares(spec)) {
            return "then: report.html and plots of the losses (no gap curves: the spec "
                    + (ProbeSchedule.of(spec).isEmpty() ? "probes nothing" : "compares nothing") + ")";
        }
        int curves = spec.experiment().compare().size();
        return String.format(Locale.ROOT, "then: probes.csv from the probed stages; %d gap curve%s × %d fit model%s, "
                        + "%,d bootstrap replicates → fits.json, plots/, report.html", curves, curves == 1 ? "" : "s",
                a.plugins("fits").size(), a.plugins("fits").size() == 1 ? "" : "s", a.integer("bootstrap"));
    }

    private static Section analysis(GraftSpec spec) {
        return spec.values().section("analysis");
    }

    private static String where(GraftSpec spec) {
        return spec.source() == null ? "" : spec.source() + ": ";
    }
}

package dev.graft.report;

import dev.graft.fit.CurveFitter;
import dev.graft.io.AtomicFiles;
import dev.graft.io.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds a run's analysis from its run directory alone, without training: the gap curve of every
 * {@code experiment.compare} entry at its key layer (and, with {@code layers: all}, at every layer
 * both conditions were probed at), every fit model fitted, bootstrapped and cross-validated,
 * {@code fits.json}, the plots with their CSVs in {@code plots/}, and {@code report.html}.
 *
 * <pre>{@code
 * AnalysisSettings settings = AnalysisSettings.from(spec.values().section("analysis"), catalog);
 * ReportBuilder.Report report = ReportBuilder.build(runDir, settings);
 * }</pre>
 *
 * Building twice from the same run gives the same bytes, apart from the time in report.html.
 * The input is checked before anything is written: a compare entry whose conditions have no
 * probes at its layer, or that has no key layer, is a {@link UserInputException}.
 */
public final class ReportBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ReportBuilder.class);

    /** The layer comparison's file beside fits.json. */
    static final String LAYERS = "layers.json";

    private ReportBuilder() {
    }

    /** What a build wrote. */
    public record Report(Path html, Path fits, List<Path> plots, List<GapAnalysis> analyses) {
        public Report {
            plots = List.copyOf(plots);
            analyses = List.copyOf(analyses);
        }
    }

    /**
     * Checks that every compare entry of the run can be analysed: it has a key layer, and both its
     * conditions have probes there with a seed and step in common. Writes nothing.
     *
     * @return the gap curves the build would fit
     * @throws UserInputException naming the entry and what is missing
     */
    public static List<GapCurve> check(Path runDir, AnalysisSettings settings) throws IOException {
        return curves(RunContents.read(runDir), settings);
    }

    /**
     * Builds fits.json, plots/ and report.html in {@code runDir}. Does not check that the run has
     * finished ({@code graft report} does, see {@link RunStatus}); the pipeline calls this as its
     * last stage.
     *
     * @throws UserInputException (before writing anything) when a compare entry cannot be analysed
     */
    public static Report build(Path runDir, AnalysisSettings settings) throws IOException {
        return build(runDir, settings, true);
    }

    /**
     * As {@link #build(Path, AnalysisSettings)}; with {@code comparisons} false the compare entries are
     * not analysed (a run that probed nothing: the report shows its losses, fits.json is an empty list).
     */
    public static Report build(Path runDir, AnalysisSettings settings, boolean comparisons) throws IOException {
        RunContents run = RunContents.read(runDir);
        List<GapCurve> curves = comparisons ? curves(run, settings) : List.of();
        CurveFitter fitter = new CurveFitter();
        List<GapAnalysis> analyses = new ArrayList<>();
        for (GapCurve curve : curves) {
            analyses.add(GapAnalysis.of(curve, settings, fitter));
        }
        FinalProbeAnalyses finalProbes = comparisons ? FinalProbeAnalyses.of(run, Plots.keyLayers(analyses), settings)
                : FinalProbeAnalyses.none();
        List<Plots.Plot> plots = plots(run, analyses, settings);
        plots.addAll(StudyFiles.plots(run, analyses, finalProbes));
        Preconditions preconditions = comparisons ? Preconditions.of(run, settings.probe()) : Preconditions.none();
        preconditions.problems().forEach(p -> LOG.warn("{}", p));

        Path fits = runDir.resolve(RunFiles.FITS);
        AtomicFiles.writeString(fits, FitsJson.write(analyses, settings));
        List<GrowthMetrics.Growth> growth = GrowthMetrics.of(run, settings);
        if (!growth.isEmpty()) {
            AtomicFiles.writeString(runDir.resolve(GrowthMetrics.FILE), GrowthMetrics.json(growth));
            GrowthSection.plot(run, settings).ifPresent(plots::add);
        }
        SortedSet<Integer> keys = Plots.keyLayers(analyses);
        List<LayerComparison> layers = LayerComparison.of(run.probes(), run.conditions(), keys.isEmpty() ? -1 : keys.first(),
                settings.probe());
        AtomicFiles.writeString(runDir.resolve(LAYERS), LayerComparison.json(layers));
        StudyFiles.write(runDir, finalProbes, settings);
        Path plotDir = runDir.resolve(RunFiles.PLOTS);
        Files.createDirectories(plotDir);
        List<Path> written = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Plots.Plot p : plots) {
            if (p.png() != null) {
                Path png = plotDir.resolve(p.stem() + ".png");
                AtomicFiles.write(png, p.png());
                written.add(png);
                names.add(png.getFileName().toString());
            }
            Path csv = plotDir.resolve(p.stem() + ".csv");
            AtomicFiles.writeString(csv, p.csv());
            names.add(csv.getFileName().toString());
        }
        removeStale(plotDir, names);
        String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path html = runDir.resolve(RunFiles.REPORT);
        AtomicFiles.write(html, ReportHtml.render(run, analyses, preconditions, layers, plots, settings, generated, finalProbes).getBytes(StandardCharsets.UTF_8));
        LOG.info("report: {} gap fit{} in {}, {} plots, {}", analyses.size() * settings.fits().size(),
                analyses.size() * settings.fits().size() == 1 ? "" : "s", fits, written.size(), html);
        return new Report(html, fits, written, analyses);
    }

    static List<GapCurve> curves(RunContents run, AnalysisSettings settings) {
        List<GapCurve> out = new ArrayList<>();
        ProbeTable probes = run.probes();
        for (Comparison c : run.comparisons()) {
            int key = KeyLayers.of(run, c, settings);
            Optional<GapCurve> curve = GapCurve.of(probes, c, key, true, settings.probe());
            if (curve.isEmpty()) {
                throw noProbes(run, c, key, settings.probe());
            }
            out.add(curve.get());
            if (settings.allLayers()) {
                SortedSet<Integer> layers = new TreeSet<>(probes.layers(c.a(), settings.probe()));
                layers.retainAll(probes.layers(c.b(), settings.probe()));
                for (int layer : layers) {
                    if (layer != key) {
                        GapCurve.of(probes, c, layer, false, settings.probe()).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    private static UserInputException noProbes(RunContents run, Comparison c, int layer, String probe) {
        Path file = run.root().resolve(RunFiles.PROBES);
        String start = c.describe() + " has no probes to compare at layer " + layer + ": ";
        if (!Files.isRegularFile(file)) {
            return new UserInputException(start + file + " does not exist. Probe both conditions (the spec's probes "
                    + "section) and run again.");
        }
        ProbeTable probes = run.probes();
        for (String condition : List.of(c.a(), c.b())) {
            SortedSet<Integer> layers = probes.layers(condition, probe);
            if (layers.isEmpty()) {
                return new UserInputException(start + "condition '" + condition + "' has no '" + probe + "' rows in " + file
                        + " (probed conditions: " + String.join(", ", probes.conditions()) + "; probes: "
                        + String.join(", ", probes.probes()) + "). Probe it, or compare conditions that were probed.");
            }
            if (!layers.contains(layer)) {
                return new UserInputException(start + "condition '" + condition + "' has '" + probe + "' rows at layers "
                        + layers + " but not at layer " + layer + ". Give a layer both were probed at, e.g. {a: " + c.a()
                        + ", b: " + c.b() + ", layer: " + layers.last() + "}.");
            }
        }
        SortedSet<Long> seedsA = probes.seeds(c.a(), layer, probe);
        SortedSet<Long> seedsB = probes.seeds(c.b(), layer, probe);
        SortedSet<Long> both = new TreeSet<>(seedsA);
        both.retainAll(seedsB);
        if (both.isEmpty()) {
            return new UserInputException(start + "'" + c.a() + "' was probed for seeds " + seedsA + " and '" + c.b()
                    + "' for seeds " + seedsB + "; no seed has both.");
        }
        return new UserInputException(start + "no probe step has rows of both conditions for every seed " + both + ".");
    }

    private static List<Plots.Plot> plots(RunContents run, List<GapAnalysis> analyses, AnalysisSettings settings) {
        List<String> conditions = run.conditions();
        List<Plots.Plot> plots = new ArrayList<>();
        plots.add(Plots.loss(run.metrics(), conditions, "train", "loss-train", "Training loss"));
        plots.add(Plots.loss(run.metrics(), conditions, "quick", "loss-validation", "Quick validation loss"));
        for (int layer : Plots.keyLayers(analyses)) {
            plots.add(Plots.probeOverSteps(run.probes(), conditions, layer, settings.probe()));
        }
        if (!run.probes().isEmpty()) {
            plots.add(Plots.finalByLayer(run.probes(), conditions, settings.probe()));
        }
        plots.addAll(MeasureReport.of(run.root(), conditions).plots());
        for (GapAnalysis a : analyses) {
            plots.add(Plots.gap(a));
            if (!settings.fits().isEmpty() && !settings.prefixes().isEmpty()) {
                plots.add(Plots.crossValidation(a));
            }
        }
        return plots;
    }

    /** Deletes PNG and CSV files in plots/ that this build did not write (from earlier builds with other settings). */
    private static void removeStale(Path plotDir, Set<String> keep) throws IOException {
        try (Stream<Path> files = Files.list(plotDir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if ((name.endsWith(".png") || name.endsWith(".csv")) && !keep.contains(name) && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }
}

package dev.graft.report;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The report's plots: each one's series computed once ({@link PlotData}), drawn into a PNG
 * ({@link ChartRenderer}) and written as the CSV beside it ({@link PlotCsv}) from those same series:
 * loss curves with a band over seeds, probe R² over steps at a key layer, final R² by layer, each gap
 * with its fits and asymptote intervals, and each gap's cross-validation errors.
 */
final class Plots {
    static final int WIDTH = ChartRenderer.WIDTH;
    static final int HEIGHT = ChartRenderer.HEIGHT;

    /** One plot: its file stem in plots/, title, caption for the report, PNG bytes (null: nothing to draw) and CSV text. */
    record Plot(String stem, String title, String caption, byte[] png, String csv) {
    }

    private Plots() {
    }

    /** A plot from its series: the PNG and the CSV both from {@code set}. */
    static Plot of(SeriesSet set) {
        return new Plot(set.stem(), set.title(), set.caption(), ChartRenderer.png(set), PlotCsv.write(set));
    }

    static Plot loss(List<MetricPoint> metrics, List<String> conditions, String split, String stem, String title) {
        return of(PlotData.loss(metrics, conditions, split, stem, title));
    }

    static Plot probeOverSteps(ProbeTable probes, List<String> conditions, int layer, String probe) {
        return of(PlotData.probeOverSteps(probes, conditions, layer, probe));
    }

    static Plot finalByLayer(ProbeTable probes, List<String> conditions, String probe) {
        return of(PlotData.finalByLayer(probes, conditions, probe));
    }

    static Plot gap(GapAnalysis analysis) {
        return of(PlotData.gap(analysis));
    }

    static Plot crossValidation(GapAnalysis analysis) {
        return of(PlotData.crossValidation(analysis));
    }

    /** A file-name-safe form of a name: letters, digits and {@code + . _ -} kept, anything else '_'. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9+._-]", "_");
    }

    /** Key layers of the analyses, each once, in order. */
    static SortedSet<Integer> keyLayers(List<GapAnalysis> analyses) {
        SortedSet<Integer> out = new TreeSet<>();
        analyses.stream().filter(a -> a.curve().key()).forEach(a -> out.add(a.curve().layer()));
        return out;
    }
}

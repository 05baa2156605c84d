package dev.graft.report;

import dev.graft.measure.MeasureLog;
import dev.graft.measure.MeasureRow;
import dev.graft.report.SeriesSet.Axes;
import dev.graft.report.SeriesSet.Series;
import dev.graft.report.SeriesSet.Style;
import dev.graft.report.SeriesSet.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The report's section on a run's {@code measures.csv} (docs/circuits.md): CKA with the source and weight
 * drift of the inherited heads over steps per layer (mean over seeds, band from the lowest to the highest
 * seed), a heat map of each inherited head's zero-ablation effect on the value loss at each model's last
 * measured step, and one factual paragraph per grafted condition. Nothing when the run has no measures.
 */
final class MeasureReport {
    static final Set<String> HEAD_DRIFT = Set.of("drift.W_Q", "drift.W_K", "drift.W_V", "drift.W_O");

    private final List<MeasureRow> rows;
    private final List<String> conditions;

    private MeasureReport(List<MeasureRow> rows, List<String> conditions) {
        this.rows = rows;
        this.conditions = conditions;
    }

    /** The section of the run folder's measures.csv, with conditions in the spec's order first. */
    static MeasureReport of(Path runDir, List<String> specOrder) {
        Path file = runDir.resolve(RunFiles.MEASURES);
        List<MeasureRow> rows = Files.isRegularFile(file) ? new MeasureLog(file).read() : List.of();
        Set<String> order = new LinkedHashSet<>(specOrder);
        rows.forEach(r -> order.add(r.condition()));
        List<String> present = order.stream().filter(c -> rows.stream().anyMatch(r -> r.condition().equals(c))).toList();
        return new MeasureReport(rows, present);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The plots: CKA with the source and inherited heads' drift, per grafted condition and layer. */
    List<Plots.Plot> plots() {
        List<Plots.Plot> out = new ArrayList<>();
        if (has(r -> r.measure().equals("cka.source"))) {
            out.add(Plots.of(overSteps("measure-cka-source", "Linear CKA with the source model, CLS residual",
                    "CKA", r -> r.measure().equals("cka.source"),
                    "Linear CKA between each grafted model's CLS residual after a layer and the source small model's at"
                            + " the layer copied into it; 1 at step 0 of an exact graft.")));
        }
        if (has(r -> HEAD_DRIFT.contains(r.measure()))) {
            out.add(Plots.of(overSteps("measure-drift-heads", "Weight drift of the inherited heads", "relative distance",
                    r -> HEAD_DRIFT.contains(r.measure()),
                    "‖W − W_source‖_F / ‖W_source‖_F averaged over the inherited heads of a layer and W_Q, W_K, W_V, W_O;"
                            + " 0 at step 0.")));
        }
        return out;
    }

    /** One line per (condition, layer): at each step the mean of the matching rows per seed, then over seeds. */
    private SeriesSet overSteps(String stem, String title, String yTitle, Predicate<MeasureRow> wanted, String what) {
        List<Series> series = new ArrayList<>();
        int colour = 0;
        for (String condition : conditions) {
            // layer → step → seed → values
            TreeMap<Integer, TreeMap<Long, Map<Long, List<Double>>>> byLayer = new TreeMap<>();
            for (MeasureRow r : rows) {
                if (r.condition().equals(condition) && wanted.test(r) && Double.isFinite(r.value())) {
                    byLayer.computeIfAbsent(r.layer(), k -> new TreeMap<>()).computeIfAbsent(r.step(), k -> new TreeMap<>())
                            .computeIfAbsent(r.seed(), k -> new ArrayList<>()).add(r.value());
                }
            }
            for (var layer : byLayer.entrySet()) {
                int n = layer.getValue().size();
                double[] x = new double[n];
                double[] mean = new double[n];
                double[] lo = new double[n];
                double[] hi = new double[n];
                double[] seeds = new double[n];
                int i = 0;
                for (var step : layer.getValue().entrySet()) {
                    double[] perSeed = step.getValue().values().stream()
                            .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)).toArray();
                    x[i] = step.getKey();
                    mean[i] = Numbers.mean(perSeed);
                    lo[i] = java.util.Arrays.stream(perSeed).min().orElse(Double.NaN);
                    hi[i] = java.util.Arrays.stream(perSeed).max().orElse(Double.NaN);
                    seeds[i] = perSeed.length;
                    i++;
                }
                String key = condition + " L" + layer.getKey();
                series.add(new Series(key, "mean", key, x, mean, lo, hi, Map.of("seeds", seeds), null,
                        Style.line(colour++, 2f)));
            }
        }
        return new SeriesSet(stem, title, "step", yTitle, Axes.of("0.00").fromZero(), Table.SPREAD,
                what + " Line: mean over seeds; band: lowest to highest seed.", series);
    }

    /** The section's HTML: the heat map and the paragraphs; empty without measures. */
    String html() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2 id=\"measures\">Inherited circuits</h2>\n");
        h.append("<p>From <code>").append(RunFiles.MEASURES).append("</code> (docs/circuits.md); the plots are under"
                + " <a href=\"#plots\">Plots</a>.</p>\n");
        for (String condition : conditions) {
            String p = paragraph(condition);
            if (!p.isEmpty()) {
                h.append("<p>").append(ReportHtml.esc(p)).append("</p>\n");
            }
        }
        heatMap(h);
        return h.toString();
    }

    /** Facts about one condition at its last measured step: CKA with the source and drift per layer. */
    String paragraph(String condition) {
        long last = rows.stream().filter(r -> r.condition().equals(condition)).mapToLong(MeasureRow::step).max().orElse(-1);
        TreeMap<Integer, Double> cka = meanAt(condition, last, r -> r.measure().equals("cka.source"));
        TreeMap<Integer, Double> drift = meanAt(condition, last, r -> HEAD_DRIFT.contains(r.measure()));
        TreeMap<Integer, Double> own = meanAt(condition, last, r -> r.measure().equals("cka.start"));
        List<String> parts = new ArrayList<>();
        if (!cka.isEmpty()) {
            parts.add("linear CKA with the source " + perLayer(cka, "%.2f"));
        }
        if (!drift.isEmpty()) {
            parts.add("inherited heads' weights " + perLayer(drift, "%.3f")
                    + " of their norm away from the source (mean over heads and W_Q, W_K, W_V, W_O)");
        }
        if (!own.isEmpty()) {
            parts.add("CKA with its own step 0 " + perLayer(own, "%.2f"));
        }
        if (parts.isEmpty()) {
            return "";
        }
        long seeds = rows.stream().filter(r -> r.condition().equals(condition)).map(MeasureRow::seed).distinct().count();
        return condition + " at step " + last + " (mean over " + seeds + " seed" + (seeds == 1 ? "" : "s") + "): "
                + String.join("; ", parts) + ".";
    }

    private static String perLayer(TreeMap<Integer, Double> v, String pattern) {
        List<String> s = new ArrayList<>();
        v.forEach((layer, value) -> s.add("L" + layer + " " + String.format(Locale.ROOT, pattern, value)));
        return String.join(", ", s);
    }

    /** Per layer, the mean over seeds of each seed's mean of the matching rows at {@code step}. */
    private TreeMap<Integer, Double> meanAt(String condition, long step, Predicate<MeasureRow> wanted) {
        TreeMap<Integer, Map<Long, List<Double>>> acc = new TreeMap<>();
        for (MeasureRow r : rows) {
            if (r.condition().equals(condition) && r.step() == step && wanted.test(r) && Double.isFinite(r.value())) {
                acc.computeIfAbsent(r.layer(), k -> new TreeMap<>()).computeIfAbsent(r.seed(), k -> new ArrayList<>())
                        .add(r.value());
            }
        }
        TreeMap<Integer, Double> out = new TreeMap<>();
        acc.forEach((layer, seeds) -> out.put(layer, seeds.values().stream()
                .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .average().orElse(Double.NaN)));
        return out;
    }

    /**
     * Each head's zero-ablation change in value loss at each model's last measured step, mean over seeds: one
     * row per condition and layer, one column per head; red where removing the head raises the loss.
     */
    private void heatMap(StringBuilder h) {
        String measure = "ablate.zero.d_value_loss";
        Predicate<MeasureRow> single = r -> r.measure().equals(measure) && r.component().matches("head\\d+");
        if (!has(single)) {
            return;
        }
        Map<String, TreeMap<Integer, Double>> cells = new LinkedHashMap<>();
        Set<Integer> heads = new TreeSet<>();
        double max = 0;
        for (String condition : conditions) {
            long last = rows.stream().filter(r -> r.condition().equals(condition) && single.test(r))
                    .mapToLong(MeasureRow::step).max().orElse(-1);
            if (last < 0) {
                continue;
            }
            Set<Integer> layers = new TreeSet<>();
            rows.stream().filter(r -> r.condition().equals(condition) && single.test(r)).forEach(r -> layers.add(r.layer()));
            for (int layer : layers) {
                TreeMap<Integer, Double> row = new TreeMap<>();
                for (int head = 0; head < 1024; head++) {
                    String component = "head" + head;
                    double[] v = rows.stream().filter(r -> r.condition().equals(condition) && r.step() == last
                                    && r.layer() == layer && single.test(r) && r.component().equals(component))
                            .mapToDouble(MeasureRow::value).toArray();
                    if (v.length > 0) {
                        double m = Numbers.mean(v);
                        row.put(head, m);
                        heads.add(head);
                        max = Math.max(max, Math.abs(m));
                    }
                }
                cells.put(condition + " L" + layer + " (step " + last + ")", row);
            }
        }
        h.append("<h3>Each inherited head zero-ablated: change in value loss</h3>\n<table class=\"heat\">\n<tr><th></th>");
        heads.forEach(k -> h.append("<th>head ").append(k).append("</th>"));
        h.append("</tr>\n");
        for (var row : cells.entrySet()) {
            h.append("<tr><th>").append(ReportHtml.esc(row.getKey())).append("</th>");
            for (int head : heads) {
                Double v = row.getValue().get(head);
                if (v == null) {
                    h.append("<td></td>");
                    continue;
                }
                double a = max > 0 ? Math.min(1, Math.abs(v) / max) : 0;
                String rgb = v >= 0 ? "200,30,30" : "30,80,200";
                h.append("<td style=\"background: rgba(").append(rgb).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", 0.8 * a)).append(")\">")
                        .append(String.format(Locale.ROOT, "%+.4f", v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=\"caption\">Value loss with the head's output removed minus without, on the measure"
                + " positions at each model's last measured step, mean over seeds; red: the loss rises. A model that is not"
                + " grafted is ablated at the first graft's head indices (the control).</p>\n");
    }

    private boolean has(Predicate<MeasureRow> p) {
        return rows.stream().anyMatch(p);
    }
}

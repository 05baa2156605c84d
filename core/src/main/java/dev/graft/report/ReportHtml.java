package dev.graft.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.fit.PrefixCrossValidation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code report.html}: one self-contained page (styles inline, images as base64 data URIs, no
 * scripts, nothing fetched) with the verdict, the conditions, the fits, the plots, and the spec
 * and provenance the run was made from. The only thing that changes between two builds of the
 * same run is the time in {@code <span id="generated">}.
 */
final class ReportHtml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportHtml() {
    }

    static String render(RunContents run, List<GapAnalysis> analyses, Preconditions preconditions,
                         List<LayerComparison> layers, List<Plots.Plot> plots, AnalysisSettings settings, String generated) {
        return render(run, analyses, preconditions, layers, plots, settings, generated, FinalProbeAnalyses.none());
    }

    static String render(RunContents run, List<GapAnalysis> analyses, Preconditions preconditions,
                         List<LayerComparison> layers, List<Plots.Plot> plots, AnalysisSettings settings, String generated,
                         FinalProbeAnalyses finalProbes) {
        String name = run.specAt("name") instanceof String s && !s.isBlank() ? s : run.root().getFileName().toString();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>graft report: ").append(esc(name)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
        h.append("<h1>graft report: ").append(esc(name)).append("</h1>\n");
        if (run.specAt("description") instanceof String d && !d.isBlank()) {
            h.append("<p class=\"description\">").append(esc(d)).append("</p>\n");
        }
        h.append("<p class=\"meta\">Run folder <code>").append(esc(run.root().toAbsolutePath().normalize().toString()))
                .append("</code>; report generated <span id=\"generated\">").append(esc(generated)).append("</span>.</p>\n");

        h.append("<h2 id=\"verdict\">Verdict</h2>\n").append(Verdict.html(analyses, preconditions));

        conditions(h, run, analyses, settings);
        fits(h, analyses, settings);
        AutocorrelationSection.html(h, analyses, settings);
        StudySections.horizons(h, analyses);
        layers(h, layers);
        StudySections.finalProbes(h, finalProbes, run.conditions(), settings);
        h.append(MeasureReport.of(run.root(), run.conditions()).html());
        h.append(GrowthSection.html(GrowthMetrics.of(run, settings)));

        h.append("<h2 id=\"plots\">Plots</h2>\n");
        for (Plots.Plot p : plots) {
            h.append("<figure id=\"plot-").append(esc(p.stem())).append("\">\n");
            if (p.png() != null) {
                h.append("<img alt=\"").append(esc(p.title())).append("\" width=\"").append(Plots.WIDTH).append("\" height=\"")
                        .append(Plots.HEIGHT).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(p.png())).append("\">\n");
            } else {
                h.append("<p class=\"empty\">").append(esc(p.title())).append(": nothing to draw.</p>\n");
            }
            h.append("<figcaption><b>").append(esc(p.title())).append(".</b> ").append(esc(p.caption()))
                    .append(" Data: <code>plots/").append(esc(p.stem())).append(".csv</code>.</figcaption>\n</figure>\n");
        }

        h.append("<h2 id=\"provenance\">Provenance</h2>\n<table class=\"kv\">\n");
        for (Map.Entry<String, Object> e : run.provenance().entrySet()) {
            h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(text(e.getValue()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        stageTime(h, RunStatus.stageTime(run.root()));
        h.append("<h2 id=\"spec\">Spec</h2>\n<p>The resolved spec of the run (<code>").append(RunFiles.SPEC)
                .append("</code>), every default spelled out.</p>\n<pre class=\"spec\">").append(esc(run.specText()))
                .append("</pre>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The appendix "Where the hours went": wall and CPU time per stage kind, from {@code run-status.json}. */
    private static void stageTime(StringBuilder h, Map<String, Map<String, Double>> times) {
        if (times.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"stage-time\">Where the hours went</h2>\n<p>Wall and CPU time of the run's stages per kind, as")
                .append(" each stage's manifest records them (a reused stage with the time it took when it was made; CPU time")
                .append(" is the stage's own threads', so stages that ran side by side add up to more than the run's wall time).</p>\n");
        h.append("<table>\n<thead><tr><th>stage kind</th><th>stages</th><th>wall time</th><th>CPU time</th><th>untimed</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Map<String, Double>> e : times.entrySet()) {
            Map<String, Double> t = e.getValue();
            boolean total = "total".equals(e.getKey());
            h.append(total ? "<tr class=\"total\"><th>" : "<tr><th>").append(esc(e.getKey())).append("</th><td>")
                    .append(Math.round(t.getOrDefault("stages", 0.0))).append("</td><td>")
                    .append(esc(duration(t.getOrDefault("wall_s", 0.0)))).append("</td><td>")
                    .append(esc(duration(t.getOrDefault("cpu_s", 0.0)))).append("</td><td>")
                    .append(Math.round(t.getOrDefault("untimed", 0.0))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** 42.3 s, 12.5 min or 3.20 h. */
    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(java.util.Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(java.util.Locale.ROOT, "%.2f h", seconds / 3600);
    }

    private static void conditions(StringBuilder h, RunContents run, List<GapAnalysis> analyses, AnalysisSettings settings) {
        SortedSet<Integer> keyLayers = Plots.keyLayers(analyses);
        h.append("<h2 id=\"conditions\">Conditions</h2>\n");
        h.append("<p>Mean ± standard deviation over seeds. Losses are each seed's last record; R² is each seed's final ")
                .append(esc(settings.probe())).append(" probe at the layer (on the final probe set where there is one).</p>\n");
        h.append("<table>\n<thead><tr><th>condition</th><th>seeds</th><th>final train loss</th><th>final validation loss</th>");
        for (int layer : keyLayers) {
            h.append("<th>R² layer ").append(layer).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (String condition : run.conditions()) {
            SortedSet<Long> seeds = new TreeSet<>();
            TreeMap<Long, MetricPoint> lastTrain = new TreeMap<>();
            TreeMap<Long, MetricPoint> lastFull = new TreeMap<>();
            TreeMap<Long, MetricPoint> lastQuick = new TreeMap<>();
            for (MetricPoint p : run.metrics()) {
                if (!p.condition().equals(condition)) {
                    continue;
                }
                seeds.add(p.seed());
                TreeMap<Long, MetricPoint> into = switch (p.split()) {
                    case "train" -> lastTrain;
                    case "full" -> lastFull;
                    case "quick" -> lastQuick;
                    default -> null;
                };
                if (into != null && (!into.containsKey(p.seed()) || into.get(p.seed()).step() <= p.step())) {
                    into.put(p.seed(), p);
                }
            }
            for (int layer : keyLayers) {
                seeds.addAll(run.probes().finalR2(condition, layer, settings.probe()).keySet());
            }
            h.append("<tr><td>").append(esc(condition)).append("</td><td>").append(seeds.size()).append("</td><td>")
                    .append(meanSd(lastTrain.values().stream().mapToDouble(p -> p.value("loss")).toArray())).append("</td><td>")
                    .append(meanSd((lastFull.isEmpty() ? lastQuick : lastFull).values().stream()
                            .mapToDouble(p -> p.value("loss")).toArray()))
                    .append("</td>");
            for (int layer : keyLayers) {
                double[] finals = run.probes().finalR2(condition, layer, settings.probe()).values().stream()
                        .mapToDouble(Double::doubleValue).toArray();
                h.append("<td>").append(meanSd(finals)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void fits(StringBuilder h, List<GapAnalysis> analyses, AnalysisSettings settings) {
        h.append("<h2 id=\"fits\">Fits</h2>\n");
        if (analyses.isEmpty()) {
            h.append("<p>No comparisons to fit.</p>\n");
            return;
        }
        h.append("<p>Each model fitted to the seed-mean gap; the 95 % interval of its asymptote from ")
                .append(settings.bootstrap()).append(" bootstrap replicates; BIC (lower is better; Δ against the best at ")
                .append("that layer); prefix cross-validation RMSE / MAE on the rest of the curve after fitting the first ")
                .append("fraction f. Full precision in <code>fits.json</code>.</p>\n");
        h.append("<table>\n<thead><tr><th>comparison</th><th>layer</th><th>model</th><th>gap_inf</th><th>95 % interval</th>")
                .append("<th>status</th><th>BIC</th><th>ΔBIC</th>");
        for (double f : settings.prefixes()) {
            h.append("<th>f = ").append(trim(f)).append("<br><span class=\"mae\">RMSE / MAE</span></th>");
        }
        h.append("<th>parameters</th></tr></thead>\n<tbody>\n");
        List<GapAnalysis> ordered = new ArrayList<>(analyses);
        ordered.sort(Comparator.comparingInt((GapAnalysis a) -> a.curve().comparison().index())
                .thenComparing(a -> !a.curve().key()).thenComparingInt(a -> a.curve().layer()));
        for (GapAnalysis a : ordered) {
            double bestBic = a.bestByBic().map(f -> f.point().bic()).orElse(Double.NaN);
            for (ModelFit fit : a.fits()) {
                h.append("<tr").append(a.curve().key() ? " class=\"key\"" : "").append("><td class=\"num\">")
                        .append(esc(a.curve().comparison().a() + " − " + a.curve().comparison().b())).append("</td><td class=\"num\">")
                        .append(a.curve().layer()).append(a.curve().key() ? " (key)" : "").append("</td><td>")
                        .append(esc(fit.model())).append("</td>");
                if (!fit.point().ok()) {
                    h.append("<td colspan=\"5\" class=\"failed\">fit failed: ").append(esc(fit.point().message())).append("</td>");
                } else {
                    h.append("<td class=\"num\">").append(num(fit.asymptote())).append("</td><td class=\"num\">")
                            .append(fit.hasInterval() ? "[" + num(fit.bootstrap().lower()) + ", " + num(fit.bootstrap().upper()) + "]"
                                    : "n/a")
                            .append("</td><td class=\"").append(fit.describes() ? "ok" : "failed").append("\">")
                            .append(esc(fit.check().status().label()))
                            .append(fit.describes() ? "" : "<br><span class=\"mae reason\">" + esc(String.join("; ", fit.check().reasons())) + "</span>")
                            .append("</td><td class=\"num\">").append(Numbers.display(fit.point().bic(), 1))
                            .append("</td><td class=\"num\">").append(Numbers.fixed(fit.point().bic() - bestBic, 1)).append("</td>");
                }
                for (double f : settings.prefixes()) {
                    PrefixCrossValidation.Fold fold = fit.cv().stream().filter(x -> x.f() == f).findFirst().orElse(null);
                    h.append("<td class=\"num\">");
                    if (fold == null || fold.status() == PrefixCrossValidation.Status.SKIPPED) {
                        h.append("<span class=\"na\">skipped</span>");
                    } else if (fold.status() == PrefixCrossValidation.Status.FAILED) {
                        h.append("<span class=\"failed\">failed</span>");
                    } else {
                        h.append(Numbers.fixed(fold.rmse(), 4)).append("<br><span class=\"mae\">").append(Numbers.fixed(fold.mae(), 4))
                                .append("</span>");
                    }
                    h.append("</td>");
                }
                h.append("<td class=\"params\">");
                if (fit.point().ok()) {
                    List<String> names = fit.curve().parameters();
                    double[] p = fit.point().params();
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        parts.add(names.get(i) + " = " + Numbers.display(p[i], Math.abs(p[i]) >= 100 ? 0 : 4));
                    }
                    h.append(esc(String.join(", ", parts)));
                }
                h.append("</td></tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void layers(StringBuilder h, List<LayerComparison> layers) {
        if (layers.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"layers\">Layers</h2>\n<p>Each condition's final probe R² by layer (mean over seeds), the layer")
                .append(" where it peaks, and the key layer's prominence: its R² over the mean R² of the other layers.")
                .append(" Full precision in <code>layers.json</code>.</p>\n<table>\n<thead><tr><th>condition</th>")
                .append("<th>R² by layer</th><th>peak layer</th><th>key layer</th><th>prominence</th></tr></thead>\n<tbody>\n");
        for (LayerComparison c : layers) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < c.layers().length; i++) {
                parts.add(c.layers()[i] + ": " + num(c.meanR2()[i]));
            }
            h.append("<tr><td>").append(esc(c.condition())).append("</td><td class=\"num\">").append(esc(String.join(", ", parts)))
                    .append("</td><td class=\"num\">").append(c.peakLayer()).append("</td><td class=\"num\">")
                    .append(c.keyLayer() < 0 ? "—" : Integer.toString(c.keyLayer())).append("</td><td class=\"num\">")
                    .append(Numbers.fixed(c.prominence(), 2)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String meanSd(double[] v) {
        double[] finite = java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return "<span class=\"na\">n/a</span>";
        }
        double sd = Numbers.sd(finite);
        return Numbers.display(Numbers.mean(finite), 3) + (Double.isNaN(sd) ? "" : " ± " + Numbers.fixed(sd, 3));
    }

    private static String num(double v) {
        return Numbers.display(v, 3);
    }

    private static String trim(double f) {
        String s = Double.toString(f);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        return String.valueOf(v);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; background: #fff; margin: 0; }
            main { max-width: 1180px; margin: 0 auto; padding: 1.5em; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.8em; }
            .meta, .description { color: #555; }
            .verdict { font-size: 1.05em; line-height: 1.5; background: #f6f8fa; border-left: 4px solid #1f77b4; padding: 0.8em 1em 0.8em 2em; }
            .verdict.warning { border-left-color: #b00020; background: #fdf1f2; padding-left: 1em; }
            .ok { color: #1a7f37; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            thead th { background: #f0f0f0; }
            tr.key td { background: #fbfbf2; }
            td.params { font-size: 0.85em; color: #444; min-width: 12em; }
            td.num { white-space: nowrap; }
            .mae { color: #666; font-size: 0.9em; font-weight: normal; }
            .reason { display: inline-block; min-width: 22em; }
            .failed { color: #b00020; }
            .na { color: #888; }
            table.kv th { background: #f6f6f6; font-weight: normal; white-space: nowrap; }
            figure { margin: 1.5em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
            pre.spec { background: #f6f8fa; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
            code { font-size: 0.9em; }
            """;
}

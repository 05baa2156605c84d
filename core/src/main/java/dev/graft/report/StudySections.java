package dev.graft.report;

import dev.graft.fit.HorizonStability;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static dev.graft.report.ReportHtml.esc;

/** The report's sections for horizon stability, the α sweep and the target-column permutation test. */
final class StudySections {
    private StudySections() {
    }

    static void horizons(StringBuilder h, List<GapAnalysis> analyses) {
        boolean any = analyses.stream().flatMap(a -> a.fits().stream()).anyMatch(f -> !f.horizons().isEmpty());
        if (!any) {
            return;
        }
        h.append("<h2 id=\"horizons\">Horizon stability</h2>\n<p>Each model fitted again to the first fraction f of the gap's"
                + " probe steps, with its own bootstrap. An asymptote that settles as f grows is pinned down by the run; one"
                + " that keeps moving, or a status other than ok, says the run is too short to read it. A value is shown only"
                + " where the horizon's fit describes its prefix.</p>\n");
        h.append("<table>\n<thead><tr><th>comparison</th><th>layer</th><th>model</th><th>f</th><th>last step</th>"
                + "<th>status</th><th>gap_inf</th><th>95 % interval</th></tr></thead>\n<tbody>\n");
        for (GapAnalysis a : analyses) {
            for (ModelFit f : a.fits()) {
                for (HorizonStability.Horizon hz : f.horizons()) {
                    String status = hz.skipped() ? "skipped (too few points)" : hz.check().status().label();
                    boolean ok = !hz.skipped() && hz.check().ok();
                    h.append("<tr><td>").append(esc(a.curve().comparison().a() + " − " + a.curve().comparison().b()))
                            .append("</td><td class=\"num\">").append(a.curve().layer()).append("</td><td>")
                            .append(esc(f.model())).append("</td><td class=\"num\">").append(Numbers.fixed(hz.f(), 1))
                            .append("</td><td class=\"num\">").append(Numbers.steps(hz.lastStep())).append("</td><td>")
                            .append(esc(status)).append("</td><td class=\"num\">")
                            .append(ok ? Numbers.fixed(hz.fit().param(f.curve().asymptoteIndex()), 3) : "—")
                            .append("</td><td class=\"num\">")
                            .append(ok && hz.bootstrap() != null ? "[" + Numbers.fixed(hz.bootstrap().lower(), 3) + ", "
                                    + Numbers.fixed(hz.bootstrap().upper(), 3) + "]" : "—")
                            .append("</td></tr>\n");
                }
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    static void finalProbes(StringBuilder h, FinalProbeAnalyses p, List<String> conditions, AnalysisSettings settings) {
        if (!p.asked()) {
            return;
        }
        if (p.skipped() != null) {
            h.append("<h2 id=\"final-probes\">Final probes: α sweep and column permutation</h2>\n<p>Not run: ")
                    .append(esc(p.skipped())).append(".</p>\n");
            return;
        }
        if (p.sweep() != null) {
            alphaSweep(h, p.sweep(), conditions);
        }
        if (!p.columns().isEmpty()) {
            columns(h, p.columns(), settings.studies().columnPermutations());
        }
    }

    private static void alphaSweep(StringBuilder h, AlphaSweep.Result r, List<String> conditions) {
        double[] alphas = r.alphas();
        h.append("<h2 id=\"alpha-sweep\">α sweep of the final probes</h2>\n<p>Each final probe refitted on its own data at ")
                .append(alphas.length).append(" values of α from ").append(esc(sci(alphas[0]))).append(" to ")
                .append(esc(sci(alphas[alphas.length - 1]))).append(" (log-spaced), scored on the same held-out rows; mean over"
                        + " seeds. If the order of the conditions changes with α, a conclusion drawn at the probe's α depends"
                        + " on it. Every curve is in <code>").append(AlphaSweep.FILE).append("</code>.</p>\n");
        h.append("<table>\n<thead><tr><th>condition</th><th>layer</th><th>seeds</th><th>R² at the probe's α</th>"
                + "<th>best α</th><th>R² at the best α</th><th>R² at the smallest / largest α</th></tr></thead>\n<tbody>\n");
        SortedSet<Integer> layers = new TreeSet<>();
        r.curves().forEach(c -> layers.add(c.layer()));
        for (int layer : layers) {
            for (String condition : conditions) {
                double[] mean = r.mean(condition, layer);
                if (mean.length == 0) {
                    continue;
                }
                int best = 0;
                for (int i = 1; i < mean.length; i++) {
                    best = mean[i] > mean[best] ? i : best;
                }
                List<AlphaSweep.Curve> curves = r.curves().stream()
                        .filter(c -> c.condition().equals(condition) && c.layer() == layer).toList();
                double atProbe = curves.stream().mapToDouble(AlphaSweep.Curve::probeR2).average().orElse(Double.NaN);
                h.append("<tr><td>").append(esc(condition)).append("</td><td class=\"num\">").append(layer)
                        .append("</td><td class=\"num\">").append(curves.size()).append("</td><td class=\"num\">")
                        .append(Numbers.fixed(atProbe, 3)).append(" (α ").append(esc(sci(curves.get(0).probeAlpha())))
                        .append(")</td><td class=\"num\">").append(esc(sci(alphas[best]))).append("</td><td class=\"num\">")
                        .append(Numbers.fixed(mean[best], 3)).append("</td><td class=\"num\">")
                        .append(Numbers.fixed(mean[0], 3)).append(" / ").append(Numbers.fixed(mean[mean.length - 1], 3))
                        .append("</td></tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void columns(StringBuilder h, List<FinalProbeAnalyses.Column> columns, int permutations) {
        FinalProbeAnalyses.Column first = columns.get(0);
        h.append("<h2 id=\"column-permutation\">Target-column permutation test of the final probes</h2>\n<p>The study's"
                + " sector-permutation test: the probe is fitted once; its predictions are scored against the held-out"
                + " targets with their columns permuted. Null: the probe does not tell the columns (sectors) apart, so a"
                + " permutation scores as well as the truth. ");
        if (first.test().exact()) {
            h.append("With ").append(first.test().columns()).append(" columns there are only ")
                    .append(first.test().nullR2().length + 1).append(" permutations, so every one is scored (an exact test;"
                            + " p cannot go below 1/").append(first.test().nullR2().length + 1).append(").");
        } else {
            h.append(permutations).append(" permutations drawn at random.");
        }
        h.append(" Beside it, the row-shuffle control: the probe refitted on targets shuffled across positions (null: the"
                + " activations say nothing about the targets). Full numbers in <code>").append(FinalProbeAnalyses.COLUMNS_FILE)
                .append("</code>.</p>\n");
        h.append("<table>\n<thead><tr><th>condition</th><th>seed</th><th>layer</th><th>R²</th><th>permuted R² (mean ± sd)</th>"
                + "<th>p</th><th>row-shuffle control R²</th></tr></thead>\n<tbody>\n");
        for (FinalProbeAnalyses.Column c : columns) {
            h.append("<tr><td>").append(esc(c.condition())).append("</td><td class=\"num\">").append(c.seed())
                    .append("</td><td class=\"num\">").append(c.layer()).append("</td><td class=\"num\">")
                    .append(Numbers.fixed(c.test().r2(), 3)).append("</td><td class=\"num\">")
                    .append(Numbers.fixed(c.test().nullMean(), 3)).append(" ± ").append(Numbers.fixed(c.test().nullSd(), 3))
                    .append("</td><td class=\"num\">").append(Numbers.fixed(c.test().pValue(), 3))
                    .append("</td><td class=\"num\">").append(Numbers.fixed(c.shuffledRowsR2(), 3)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String sci(double v) {
        return String.format(java.util.Locale.ROOT, "%.2g", v);
    }
}

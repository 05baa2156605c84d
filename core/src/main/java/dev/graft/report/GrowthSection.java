package dev.graft.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's growth section ({@link GrowthMetrics}: a table per grafted condition against the baseline) and
 * its plot, validation loss against cumulative training FLOPs, a grafted condition's curve starting at the
 * FLOPs its small model's training cost.
 */
final class GrowthSection {
    static final String PLOT_STEM = "loss-vs-flops";

    private GrowthSection() {
    }

    /** The section's HTML; empty when the run has no grafted condition against a baseline. */
    static String html(List<GrowthMetrics.Growth> growth) {
        if (growth.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2 id=\"growth\">Growth</h2>\n");
        h.append("<p>Against <b>").append(ReportHtml.esc(growth.get(0).baseline())).append("</b>: the steps, samples and"
                + " training FLOPs (forward and backward, from the shapes) each grafted model needs to first reach the"
                + " baseline's final quick-validation loss and its loss at 50 % and 90 % of training; steps are known at"
                + " validation points only. Speed-up: mean baseline steps ÷ mean grafted steps, with a 95 % bootstrap"
                + " interval over seeds. <code>growth.json</code> has every number.</p>\n");
        h.append("<table class=\"growth\">\n<tr><th>condition</th><th>strategy</th><th>target</th><th>loss</th>"
                + "<th>baseline steps</th><th>steps</th><th>samples</th><th>FLOPs</th><th>speed-up</th>"
                + "<th>reached</th></tr>\n");
        for (GrowthMetrics.Growth g : growth) {
            for (GrowthMetrics.Target t : g.targets()) {
                h.append("<tr><td>").append(ReportHtml.esc(g.condition())).append("</td><td>")
                        .append(ReportHtml.esc(g.strategy())).append("</td><td>").append(t.label()).append("</td><td>")
                        .append(Numbers.display(t.loss(), 3)).append("</td><td>").append(count(t.baselineSteps()))
                        .append("</td><td>").append(count(t.steps())).append("</td><td>").append(count(t.samples()))
                        .append("</td><td>").append(flops(t.flops())).append("</td><td>").append(speedup(t))
                        .append("</td><td>").append(t.reached()).append(" of ").append(t.seeds()).append("</td></tr>\n");
            }
        }
        h.append("</table>\n<table class=\"growth\">\n<tr><th>condition</th><th>loss before graft (small)</th>"
                + "<th>loss after graft (step 0)</th><th>value / policy loss before → after</th>"
                + "<th>small model's training FLOPs</th><th>total FLOPs to the final loss</th></tr>\n");
        for (GrowthMetrics.Growth g : growth) {
            h.append("<tr><td>").append(ReportHtml.esc(g.condition())).append("</td><td>")
                    .append(Numbers.display(g.lossBefore(), 3)).append("</td><td>").append(Numbers.display(g.lossAfter(), 3))
                    .append("</td><td>").append(Numbers.display(g.valueLossBefore(), 3)).append(" / ")
                    .append(Numbers.display(g.policyLossBefore(), 3)).append(" → ")
                    .append(Numbers.display(g.valueLossAfter(), 3)).append(" / ")
                    .append(Numbers.display(g.policyLossAfter(), 3)).append("</td><td>").append(flops(g.smallFlops()))
                    .append("</td><td>").append(flops(g.totalFlopsToFinal())).append("</td></tr>\n");
        }
        if (growth.size() > 1) {
            h.append("</table>\n<table class=\"growth\">\n<tr><th>condition</th><th>speed-up to the final loss over</th></tr>\n");
            for (GrowthMetrics.Growth g : growth) {
                List<String> cells = new ArrayList<>();
                for (GrowthMetrics.Versus v : g.versus()) {
                    cells.add(ReportHtml.esc(v.other()) + " " + (Double.isFinite(v.speedup()) ? Numbers.fixed(v.speedup(), 2)
                            + "× [" + Numbers.fixed(v.low(), 2) + ", " + Numbers.fixed(v.high(), 2) + "]" : "n/a"));
                }
                h.append("<tr><td>").append(ReportHtml.esc(g.condition())).append("</td><td>")
                        .append(String.join("; ", cells)).append("</td></tr>\n");
            }
        }
        h.append("</table>\n<p>Before: the small model's last full validation (every validation position); after: the"
                + " grafted model's quick validation at step 0, on its own sample of positions, so the two agree only"
                + " on average even for an exact graft. The small model's loss includes its auxiliary term when it was"
                + " trained with one; value and policy losses compare directly.</p>\n");
        return h.toString();
    }

    /**
     * Quick-validation loss against cumulative training FLOPs, one line per condition (mean over seeds); empty
     * when the FLOPs are unknown (no game in the catalog, or no batch sizes in the spec).
     */
    static java.util.Optional<Plots.Plot> plot(RunContents run, AnalysisSettings settings) {
        var game = GrowthMetrics.game(run, settings.catalog());
        double large = GrowthMetrics.flopsPerSample(game, GrowthMetrics.shape(run, "large"));
        double small = GrowthMetrics.flopsPerSample(game, GrowthMetrics.shape(run, "small"));
        double largeBatch = run.specAt("training.batch.large") instanceof Number n ? n.doubleValue() : Double.NaN;
        double smallBatch = run.specAt("training.batch.small") instanceof Number n ? n.doubleValue() : Double.NaN;
        var all = GrowthMetrics.series(run, null);
        List<MetricPoint> points = new ArrayList<>();
        StringBuilder csv = new StringBuilder(Csv.line("condition", "seed", "step", "flops", "loss"));
        for (MetricPoint p : run.metrics()) {
            if (!p.split().equals("quick")) {
                continue;
            }
            Map<?, ?> spec = run.conditionSpec(p.condition());
            boolean isSmall = "small".equals(spec.get("model"));
            double offset = 0;
            if (spec.get("graft") instanceof Map<?, ?> graft) {
                TreeMap<Long, Map<String, Double>> source = all.getOrDefault(String.valueOf(graft.get("from")), Map.of())
                        .get(p.seed());
                offset = source == null ? Double.NaN : source.lastKey() * smallBatch * small;
            }
            double x = offset + p.step() * (isSmall ? smallBatch * small : largeBatch * large);
            if (!Double.isFinite(x)) {
                continue;
            }
            points.add(new MetricPoint(p.condition(), p.seed(), p.split(), Math.round(x), p.values()));
            csv.append(Csv.line(p.condition(), Long.toString(p.seed()), Long.toString(p.step()),
                    String.format(Locale.ROOT, "%.6e", x), Double.toString(p.value("loss"))));
        }
        if (points.isEmpty()) {
            return java.util.Optional.empty();
        }
        SeriesSet byStep = PlotData.loss(points, run.conditions(), "quick", PLOT_STEM,
                "Quick validation loss against training FLOPs");
        SeriesSet set = new SeriesSet(byStep.stem(), byStep.title(), "cumulative training FLOPs (a graft's from its"
                + " small model's)", "loss", SeriesSet.Axes.of("0.00").fromZero().xPattern("0.0E0"), byStep.table(),
                byStep.caption() + " A grafted condition starts at the FLOPs its small model's training cost.",
                byStep.series());
        return java.util.Optional.of(new Plots.Plot(set.stem(), set.title(), set.caption(), ChartRenderer.png(set),
                csv.toString()));
    }

    private static String count(double v) {
        return Double.isFinite(v) ? Numbers.steps(v) : "n/a";
    }

    private static String flops(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : "n/a";
    }

    private static String speedup(GrowthMetrics.Target t) {
        if (t.steps() == 0 && t.reached() == t.seeds()) {
            return "at step 0";
        }
        if (!Double.isFinite(t.speedup())) {
            return "n/a";
        }
        return Numbers.fixed(t.speedup(), 2) + "× [" + Numbers.fixed(t.low(), 2) + ", " + Numbers.fixed(t.high(), 2) + "]";
    }
}

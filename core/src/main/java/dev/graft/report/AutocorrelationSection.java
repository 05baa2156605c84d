package dev.graft.report;

import dev.graft.fit.AutocorrelationDiagnostic;
import dev.graft.fit.SeedCorrelation;

import java.util.List;

import static dev.graft.report.ReportHtml.esc;

/**
 * The report's autocorrelation section: for each fit, the within-seed ACF of its residuals against the
 * between-seed cross-correlation, their ratio and permutation p-value, the effective number of points,
 * the study's threat level, and the plain bootstrap's interval beside the block bootstrap's where it ran.
 */
final class AutocorrelationSection {
    private AutocorrelationSection() {
    }

    static void html(StringBuilder h, List<GapAnalysis> analyses, AnalysisSettings settings) {
        boolean any = analyses.stream().flatMap(a -> a.fits().stream()).anyMatch(f -> f.autocorrelation() != null);
        if (!any) {
            return;
        }
        h.append("<h2 id=\"autocorrelation\">Autocorrelation of the residuals</h2>\n");
        h.append("<p>The bootstrap builds each replicate by picking one seed's gap independently at every step, which assumes"
                + " neighbouring steps of a seed are no more alike than steps of different seeds. At lag 1: the residuals'"
                + " within-seed autocorrelation, the between-seed cross-correlation, their ratio (the study's threat ratio) and"
                + " its p-value against ").append(settings.studies().permutations()).append(" permutations of each seed's"
                + " residuals in time; the effective number of points n·(1 − ρ₁)/(1 + ρ₁); the study's threat level. Where the"
                + " threat is high, or <code>analysis.block_length</code> is set, a block bootstrap draws one seed per block of"
                + " consecutive steps; its interval is beside the plain one.</p>\n");
        h.append("<table>\n<thead><tr><th>comparison</th><th>layer</th><th>model</th><th>ACF₁ within</th><th>CCF₁ between</th>")
                .append("<th>ratio</th><th>p</th><th>n_eff / n</th><th>threat</th><th>plain 95 % interval</th>")
                .append("<th>block 95 % interval</th></tr></thead>\n<tbody>\n");
        for (GapAnalysis a : analyses) {
            for (ModelFit f : a.fits()) {
                AutocorrelationDiagnostic d = f.autocorrelation();
                if (d == null) {
                    continue;
                }
                SeedCorrelation c = d.seeds();
                h.append("<tr><td>").append(esc(a.curve().comparison().a() + " − " + a.curve().comparison().b()))
                        .append("</td><td class=\"num\">").append(a.curve().layer()).append("</td><td>").append(esc(f.model()))
                        .append("</td><td class=\"num\">").append(c == null ? "—" : Numbers.fixed(c.within()[0], 2))
                        .append("</td><td class=\"num\">").append(c == null ? "—" : Numbers.fixed(c.between()[0], 2))
                        .append("</td><td class=\"num\">").append(c == null ? "—" : Numbers.fixed(c.threatRatio()[0], 2))
                        .append("</td><td class=\"num\">").append(c == null ? "—" : Numbers.fixed(c.pValues()[0], 3))
                        .append("</td><td class=\"num\">").append(Numbers.fixed(d.residual().effectivePoints(), 1)).append(" / ")
                        .append(a.curve().steps().length).append("</td><td>").append(d.threat().label())
                        .append("</td><td class=\"num\">").append(interval(f.bootstrap())).append("</td><td class=\"num\">");
                if (d.block() != null) {
                    h.append(interval(d.block())).append(" (block ").append(d.blockLength())
                            .append(d.fromAcf() ? ", from the ACF" : "").append(")");
                } else {
                    h.append("not needed (block ").append(d.blockLength()).append(" if it were)");
                }
                h.append("</td></tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
        h.append("<p>A fit whose status is not ok is listed too: its residuals are then mostly the shape the"
                + " model missed, so a high autocorrelation there says more about the fit than about the seeds.</p>\n");
    }

    private static String interval(dev.graft.fit.AsymptoteBootstrap.Result r) {
        return r == null ? "—" : "[" + Numbers.fixed(r.lower(), 3) + ", " + Numbers.fixed(r.upper(), 3) + "]";
    }
}

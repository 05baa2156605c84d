package dev.graft.report;

import dev.graft.fit.PrefixCrossValidation;
import dev.graft.fit.Trend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's verdict: first whatever keeps the run from answering its question at all
 * ({@link Preconditions}), then a table of every comparison × fit model at its key layer (asymptote,
 * 95 % interval, status, BIC, the prefixes from which the model predicts the rest best), then one
 * sentence per comparison.
 *
 * <p>A sentence draws a conclusion about the asymptote ("persists", "vanishes is not ruled out",
 * "reverses") only from fits whose {@link dev.graft.fit.FitCheck} is OK, only with at least two
 * seeds, and only when the run's preconditions hold. Otherwise it says what the curve did and why no
 * fit may be read.
 */
final class Verdict {
    private Verdict() {
    }

    /** The verdict as plain text: the preconditions, then one sentence per key comparison. */
    static String of(List<GapAnalysis> analyses) {
        return of(analyses, Preconditions.none());
    }

    static String of(List<GapAnalysis> analyses, Preconditions preconditions) {
        List<String> parts = new ArrayList<>(preconditions.problems());
        boolean any = false;
        for (GapAnalysis a : analyses) {
            if (a.curve().key()) {
                parts.add(sentence(a, preconditions.answerable()));
                any = true;
            }
        }
        if (!any) {
            parts.add("No gap was analysed: the spec lists no comparisons (experiment.compare), so there is nothing to fit.");
        }
        return String.join(" ", parts);
    }

    /** The verdict as HTML: preconditions, the table, one sentence per comparison with its name in bold. */
    static String html(List<GapAnalysis> analyses, Preconditions preconditions) {
        StringBuilder h = new StringBuilder();
        for (String p : preconditions.problems()) {
            h.append("<p class=\"verdict warning\">").append(ReportHtml.esc(p)).append("</p>\n");
        }
        List<GapAnalysis> keyed = analyses.stream().filter(a -> a.curve().key()).toList();
        if (keyed.isEmpty()) {
            return h.append("<p class=\"verdict\">").append(ReportHtml.esc(of(analyses, Preconditions.none())))
                    .append("</p>\n").toString();
        }
        table(h, keyed);
        h.append("<ul class=\"verdict\">\n");
        for (GapAnalysis a : keyed) {
            String text = sentence(a, preconditions.answerable());
            String lead = lead(a);
            h.append("<li><b>").append(ReportHtml.esc(lead)).append("</b>").append(ReportHtml.esc(text.substring(lead.length())))
                    .append("</li>\n");
        }
        return h.append("</ul>\n").toString();
    }

    private static void table(StringBuilder h, List<GapAnalysis> keyed) {
        h.append("<table class=\"verdict-table\">\n<thead><tr><th>comparison</th><th>model</th><th>gap_inf</th>")
                .append("<th>95 % interval</th><th>status</th><th>BIC</th><th>best predictor on prefix CV</th></tr></thead>\n<tbody>\n");
        for (GapAnalysis a : keyed) {
            Map<String, List<String>> wins = prefixWinners(a);
            boolean first = true;
            for (ModelFit f : a.fits()) {
                h.append("<tr>");
                if (first) {
                    h.append("<td rowspan=\"").append(a.fits().size()).append("\">").append(ReportHtml.esc(lead(a))).append("</td>");
                    first = false;
                }
                h.append("<td>").append(ReportHtml.esc(f.model())).append("</td><td class=\"num\">")
                        .append(f.point().ok() ? num(f.asymptote()) : "—").append("</td><td class=\"num\">")
                        .append(f.hasInterval() ? "[" + num(f.bootstrap().lower()) + ", " + num(f.bootstrap().upper()) + "]" : "—")
                        .append("</td><td class=\"").append(f.describes() ? "ok" : "failed").append("\" title=\"")
                        .append(ReportHtml.esc(String.join("; ", f.check().reasons()))).append("\">")
                        .append(f.check().status().label()).append("</td><td class=\"num\">")
                        .append(Numbers.display(f.point().bic(), 1)).append("</td><td>")
                        .append(wins.containsKey(f.model()) ? "f = " + String.join(", ", wins.get(f.model())) : "")
                        .append("</td></tr>\n");
            }
            if (a.fits().isEmpty()) {
                h.append("<tr><td>").append(ReportHtml.esc(lead(a)))
                        .append("</td><td colspan=\"6\">no fit models are configured (analysis.fits)</td></tr>\n");
            }
        }
        h.append("</tbody>\n</table>\n");
    }

    static String lead(GapAnalysis a) {
        return a.curve().comparison().a() + " − " + a.curve().comparison().b() + " at layer " + a.curve().layer();
    }

    /**
     * One sentence on one comparison: what the mean gap did, then what the fits that describe it say
     * about the asymptote (a claim about 0 only with two or more seeds and an answerable run), or why
     * none may be read.
     */
    static String sentence(GapAnalysis analysis, boolean answerable) {
        GapCurve g = analysis.curve();
        int seeds = g.seeds().length;
        Trend trend = Trend.of(g.steps(), g.mean());
        StringBuilder s = new StringBuilder(lead(analysis)).append(": ");
        s.append(describe(trend, g)).append(" (").append(seeds).append(seeds == 1 ? " seed, " : " seeds, ")
                .append(g.steps().length).append(g.steps().length == 1 ? " probe step" : " probe steps").append(")");
        if (analysis.fits().isEmpty()) {
            return s.append("; no fit models are configured (analysis.fits).").toString();
        }
        List<ModelFit> describing = analysis.fits().stream().filter(ModelFit::describes).toList();
        List<ModelFit> rejected = analysis.fits().stream().filter(f -> !f.describes()).toList();
        if (describing.isEmpty()) {
            s.append("; no fit model describes it (").append(statuses(rejected)).append("), so nothing can be said about ")
                    .append("its asymptote");
            return s.append(advice(trend)).append('.').toString();
        }
        List<String> values = new ArrayList<>();
        for (ModelFit f : describing) {
            values.add(f.model() + " " + num(f.asymptote())
                    + (f.hasInterval() ? " [" + num(f.verdictInterval().lower()) + ", " + num(f.verdictInterval().upper()) + "]"
                    + (f.blockUsed() ? " (block bootstrap, block length " + f.autocorrelation().blockLength() + ")" : "") : ""));
        }
        s.append("; asymptote under ").append(String.join(", ", values));
        if (!rejected.isEmpty()) {
            s.append(" (").append(statuses(rejected)).append(rejected.size() == 1 ? " does" : " do")
                    .append(" not describe the curve)");
        }
        List<ModelFit> withInterval = describing.stream().filter(ModelFit::hasInterval).toList();
        if (!answerable) {
            s.append("; the run cannot answer the question (above), so these numbers are no conclusion");
        } else if (seeds == 1) {
            s.append("; with one seed the bootstrap has nothing to resample, so the interval says nothing about 0");
        } else if (!withInterval.isEmpty()) {
            s.append("; ").append(zero(withInterval));
        }
        List<ModelFit> bic = describing.stream().filter(f -> Double.isFinite(f.point().bic())).toList();
        if (bic.size() >= 2) {
            ModelFit best = bic.stream().min((x, y) -> Double.compare(x.point().bic(), y.point().bic())).orElseThrow();
            double next = bic.stream().filter(f -> f != best).mapToDouble(f -> f.point().bic()).min().orElseThrow();
            s.append("; BIC prefers ").append(best.model()).append(" (lower by ").append(Numbers.fixed(next - best.point().bic(), 1))
                    .append(")");
        }
        return s.append('.').toString();
    }

    /** What the mean gap did over the run, in words. */
    private static String describe(Trend trend, GapCurve g) {
        String span = " from " + num(trend.first()) + " at step " + Numbers.steps(g.steps()[0]) + " to " + num(trend.last())
                + " at step " + Numbers.steps(g.steps()[g.steps().length - 1]);
        return switch (trend.direction()) {
            case RISING -> "the mean gap grew over the run," + span;
            case FALLING -> "the mean gap shrank over the run," + span;
            case FLAT -> "the mean gap shows no trend over the run (" + span.strip() + ")";
        };
    }

    private static String advice(Trend trend) {
        return switch (trend.direction()) {
            case RISING -> "; a decay model cannot describe a gap that still grows: train longer";
            case FLAT -> "; there is no decay to extrapolate: train longer or probe more positions";
            case FALLING -> "; fits.json gives each model's reasons";
        };
    }

    private static String statuses(List<ModelFit> fits) {
        List<String> out = new ArrayList<>();
        for (ModelFit f : fits) {
            out.add(f.model() + ": " + f.check().status().label());
        }
        return String.join("; ", out);
    }

    /** Where the describing fits' intervals lie against 0. */
    private static String zero(List<ModelFit> fits) {
        List<String> above = new ArrayList<>();
        List<String> below = new ArrayList<>();
        List<String> across = new ArrayList<>();
        for (ModelFit f : fits) {
            if (f.verdictInterval().lower() > 0) {
                above.add(f.model());
            } else if (f.verdictInterval().upper() < 0) {
                below.add(f.model());
            } else {
                across.add(f.model());
            }
        }
        String agree = fits.size() < 2 ? "" : agree(fits) ? " (the intervals overlap)" : " (but the intervals do not overlap)";
        if (above.size() == fits.size()) {
            return (fits.size() == 1 ? "the interval lies above 0: the gap persists"
                    : "every interval lies above 0: the gap persists under every model that describes it") + agree;
        }
        if (below.size() == fits.size()) {
            return (fits.size() == 1 ? "the interval lies below 0: the gap reverses"
                    : "every interval lies below 0: the gap reverses under every model that describes it") + agree;
        }
        if (across.size() == fits.size()) {
            return (fits.size() == 1 ? "the interval includes 0: a gap that vanishes is not ruled out"
                    : "every interval includes 0: no model rules out a gap that vanishes") + agree;
        }
        List<String> parts = new ArrayList<>();
        if (!above.isEmpty()) {
            parts.add("under " + String.join(" and ", above) + " the asymptote lies above 0");
        }
        if (!below.isEmpty()) {
            parts.add("under " + String.join(" and ", below) + " it lies below 0");
        }
        if (!across.isEmpty()) {
            parts.add("under " + String.join(" and ", across) + " 0 is not ruled out");
        }
        return "whether the gap persists depends on the model: " + String.join(", while ", parts);
    }

    private static boolean agree(List<ModelFit> fits) {
        for (int i = 0; i < fits.size(); i++) {
            for (int j = i + 1; j < fits.size(); j++) {
                if (!fits.get(i).agreesWith(fits.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** For each model, the prefixes f from which it predicts the rest best (lowest RMSE among OK folds). */
    static Map<String, List<String>> prefixWinners(GapAnalysis analysis) {
        Map<Double, String> winners = new LinkedHashMap<>();
        Map<Double, Double> best = new LinkedHashMap<>();
        for (ModelFit f : analysis.fits()) {
            for (PrefixCrossValidation.Fold fold : f.cv()) {
                if (fold.status() == PrefixCrossValidation.Status.OK
                        && (!best.containsKey(fold.f()) || fold.rmse() < best.get(fold.f()))) {
                    best.put(fold.f(), fold.rmse());
                    winners.put(fold.f(), f.model());
                }
            }
        }
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        if (analysis.fits().size() < 2) {
            return byModel;
        }
        winners.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byModel.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(trim(e.getKey())));
        return byModel;
    }

    private static String num(double v) {
        return Numbers.display(v, 3);
    }

    private static String trim(double f) {
        String s = Double.toString(f);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}

package dev.graft.report;

import dev.graft.fit.PrefixCrossValidation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's verdict: one paragraph in plain words, computed from the numbers of each
 * comparison at its key layer: the last mean gap, each model's asymptote and 95 % interval,
 * whether the intervals overlap and where they lie against 0, which model BIC prefers, and which
 * model predicts best from each prefix.
 */
final class Verdict {
    private Verdict() {
    }

    static String of(List<GapAnalysis> analyses) {
        List<String> sentences = new ArrayList<>();
        for (GapAnalysis a : analyses) {
            if (a.curve().key()) {
                sentences.add(of(a));
            }
        }
        if (sentences.isEmpty()) {
            return "No gap was analysed: the spec lists no comparisons (experiment.compare), so there is nothing to fit.";
        }
        return String.join(" ", sentences);
    }

    /** The verdict as HTML: the same text, each comparison's name in bold. */
    static String html(List<GapAnalysis> analyses) {
        List<String> parts = new ArrayList<>();
        for (GapAnalysis a : analyses) {
            if (a.curve().key()) {
                String text = of(a);
                String lead = lead(a);
                parts.add("<b>" + ReportHtml.esc(lead) + "</b>" + ReportHtml.esc(text.substring(lead.length())));
            }
        }
        return parts.isEmpty() ? ReportHtml.esc(of(analyses)) : String.join(" ", parts);
    }

    private static String lead(GapAnalysis a) {
        return a.curve().comparison().a() + " − " + a.curve().comparison().b() + " at layer " + a.curve().layer();
    }

    static String of(GapAnalysis analysis) {
        GapCurve g = analysis.curve();
        StringBuilder s = new StringBuilder();
        int seeds = g.seeds().length;
        s.append(lead(analysis)).append(" (").append(seeds).append(seeds == 1 ? " seed, " : " seeds, ").append(g.steps().length)
                .append(g.steps().length == 1 ? " probe step" : " probe steps").append(" up to step ")
                .append(Numbers.steps(g.steps()[g.steps().length - 1])).append("; mean gap at the last step ")
                .append(num(g.lastMean())).append(")");
        if (analysis.fits().isEmpty()) {
            return s.append(": no fit models are configured (analysis.fits).").toString();
        }
        s.append(": ");
        List<String> models = new ArrayList<>();
        for (ModelFit f : analysis.fits()) {
            if (!f.point().ok()) {
                models.add(f.model() + " did not fit (" + f.point().message() + ")");
            } else if (f.hasInterval()) {
                models.add(f.model() + " asymptote " + num(f.asymptote()) + " [" + num(f.bootstrap().lower()) + ", "
                        + num(f.bootstrap().upper()) + "]");
            } else {
                models.add(f.model() + " asymptote " + num(f.asymptote()));
            }
        }
        s.append(String.join(", ", models));
        List<ModelFit> withInterval = analysis.fits().stream().filter(ModelFit::hasInterval).toList();
        if (withInterval.size() >= 2) {
            List<String> apart = new ArrayList<>();
            for (int i = 0; i < withInterval.size(); i++) {
                for (int j = i + 1; j < withInterval.size(); j++) {
                    if (!withInterval.get(i).agreesWith(withInterval.get(j))) {
                        apart.add(withInterval.get(i).model() + " and " + withInterval.get(j).model());
                    }
                }
            }
            if (apart.isEmpty()) {
                s.append("; the models agree (their 95 % intervals overlap)");
            } else if (withInterval.size() == 2) {
                s.append("; the models disagree (their 95 % intervals do not overlap)");
            } else {
                s.append("; the models disagree: the 95 % intervals of ").append(String.join("; of ", apart))
                        .append(" do not overlap");
            }
        }
        s.append(". ");
        if (!withInterval.isEmpty() && seeds == 1) {
            s.append("With one seed the bootstrap has nothing to resample, so the intervals have no width and say "
                    + "nothing about uncertainty. ");
        } else if (!withInterval.isEmpty()) {
            s.append(zero(withInterval)).append(' ');
        }
        List<ModelFit> fitted = analysis.fits().stream().filter(f -> f.point().ok() && Double.isFinite(f.point().bic())).toList();
        if (fitted.size() >= 2) {
            ModelFit best = analysis.bestByBic().orElseThrow();
            double next = fitted.stream().filter(f -> f != best).mapToDouble(f -> f.point().bic()).min().orElseThrow();
            s.append("BIC prefers ").append(best.model()).append(" (lower by ").append(Numbers.fixed(next - best.point().bic(), 1))
                    .append("). ");
        }
        String cv = crossValidation(analysis);
        if (!cv.isEmpty()) {
            s.append(cv).append(' ');
        }
        return s.toString().strip();
    }

    private static String zero(List<ModelFit> fits) {
        List<String> above = new ArrayList<>();
        List<String> below = new ArrayList<>();
        List<String> across = new ArrayList<>();
        for (ModelFit f : fits) {
            if (f.bootstrap().lower() > 0) {
                above.add(f.model());
            } else if (f.bootstrap().upper() < 0) {
                below.add(f.model());
            } else {
                across.add(f.model());
            }
        }
        if (above.size() == fits.size()) {
            return fits.size() == 1 ? "The interval lies above 0: the gap persists."
                    : "Every interval lies above 0: the gap persists under every model.";
        }
        if (below.size() == fits.size()) {
            return fits.size() == 1 ? "The interval lies below 0: the gap reverses."
                    : "Every interval lies below 0: the gap reverses under every model.";
        }
        if (across.size() == fits.size()) {
            return fits.size() == 1 ? "The interval includes 0: a gap that vanishes is not ruled out."
                    : "Every interval includes 0: no model rules out a gap that vanishes.";
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
        return "Whether the gap persists depends on the model: " + String.join(", while ", parts) + ".";
    }

    /** Which model predicts best (lowest RMSE) from each prefix, grouped by model. */
    private static String crossValidation(GapAnalysis analysis) {
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
        if (winners.isEmpty() || analysis.fits().size() < 2) {
            return "";
        }
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        winners.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byModel.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(trim(e.getKey())));
        if (byModel.size() == 1) {
            String model = byModel.keySet().iterator().next();
            return "On prefix cross-validation " + model + " predicts the rest best from every prefix (f = "
                    + String.join(", ", byModel.get(model)) + ").";
        }
        List<String> parts = new ArrayList<>();
        byModel.forEach((model, fs) -> parts.add(model + " from f = " + String.join(", ", fs)));
        return "On prefix cross-validation the best predictor of the rest is " + String.join(" and ", parts) + ".";
    }

    private static String num(double v) {
        return Numbers.display(v, 3);
    }

    private static String trim(double f) {
        String s = Double.toString(f);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}

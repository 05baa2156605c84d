package dev.graft.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.fit.PrefixCrossValidation;
import dev.graft.fit.Trend;
import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fits.json}: one object per (comparison, layer, model), with the fields of DESIGN.md's
 * run-directory contract ({@code comparison, layer, model, steps, gap, params, sse, bic,
 * gap_inf_ci}) and more (docs/report.md lists them). Non-finite numbers are written as null.
 */
final class FitsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FitsJson() {
    }

    static String write(List<GapAnalysis> analyses, AnalysisSettings settings) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (GapAnalysis analysis : analyses) {
            GapCurve curve = analysis.curve();
            for (ModelFit fit : analysis.fits()) {
                entries.add(entry(analysis, curve, fit, settings));
            }
        }
        try {
            return JSON.writeValueAsString(entries) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> entry(GapAnalysis analysis, GapCurve curve, ModelFit fit, AnalysisSettings settings) {
        Comparison c = curve.comparison();
        FitModel model = fit.curve();
        List<String> names = model.parameters();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("comparison", c.label());
        e.put("a", c.a());
        e.put("b", c.b());
        e.put("layer", curve.layer());
        e.put("key_layer", curve.key());
        e.put("probe", settings.probe());
        e.put("model", fit.model());
        e.put("status", fit.check().status().label());
        e.put("reasons", fit.check().reasons());
        if (!fit.point().ok()) {
            e.put("message", fit.point().message());
        }
        Trend trend = fit.check().trend();
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("direction", trend.direction().name().toLowerCase(Locale.ROOT));
        shape.put("slope", number(trend.slope()));
        shape.put("slope_se", number(trend.se()));
        shape.put("first", number(trend.first()));
        shape.put("last", number(trend.last()));
        e.put("trend", shape);
        if (fit.check().runs() != null) {
            Map<String, Object> runs = new LinkedHashMap<>();
            runs.put("runs", fit.check().runs().runs());
            runs.put("expected", number(fit.check().runs().expected()));
            runs.put("z", number(fit.check().runs().z()));
            e.put("residual_runs", runs);
        }
        e.put("seeds", curve.seeds());
        e.put("steps", longs(curve.steps()));
        e.put("gap", numbers(curve.mean()));
        Map<String, Object> bySeed = new LinkedHashMap<>();
        for (int s = 0; s < curve.seeds().length; s++) {
            bySeed.put(Long.toString(curve.seeds()[s]), numbers(curve.perSeed()[s]));
        }
        e.put("gap_by_seed", bySeed);
        Map<String, Object> params = new LinkedHashMap<>();
        if (fit.point().ok()) {
            double[] p = fit.point().params();
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), number(p[i]));
            }
        }
        e.put("params", params);
        e.put("gap_inf", number(fit.asymptote()));
        e.put("gap_inf_ci", fit.hasInterval() ? List.of(number(fit.bootstrap().lower()), number(fit.bootstrap().upper())) : null);
        e.put("sse", number(fit.point().sse()));
        e.put("rmse", number(fit.point().ok() ? fit.point().rmse() : Double.NaN));
        e.put("bic", number(fit.point().bic()));
        e.put("n", curve.steps().length);
        e.put("k", names.size());
        Map<String, Object> bounds = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            bounds.put(names.get(i), List.of(number(fit.bounds().lower(i)), number(fit.bounds().upper(i))));
        }
        e.put("bounds", bounds);
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("replicates", fit.hasInterval() ? settings.bootstrap() : 0);
        boot.put("failed_fits", fit.hasInterval() ? fit.bootstrap().fallbacks() : 0);
        boot.put("seed", settings.seed());
        boot.put("interval", 0.95);
        boot.put("se", fit.hasInterval() ? number(fit.bootstrap().standardError()) : null);
        boot.put("fraction_above_0", fit.hasInterval() ? number(fit.bootstrap().fractionAbove(0)) : null);
        e.put("bootstrap", boot);
        List<Map<String, Object>> cv = new ArrayList<>();
        for (PrefixCrossValidation.Fold f : fit.cv()) {
            Map<String, Object> fold = new LinkedHashMap<>();
            fold.put("f", f.f());
            fold.put("status", f.status().name().toLowerCase(Locale.ROOT));
            fold.put("fitted", f.fitted());
            fold.put("predicted", f.predicted());
            fold.put("rmse", number(f.rmse()));
            fold.put("mae", number(f.mae()));
            cv.add(fold);
        }
        e.put("cv", cv);
        List<Map<String, Object>> horizons = new ArrayList<>();
        for (dev.graft.fit.HorizonStability.Horizon h : fit.horizons()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("f", h.f());
            m.put("points", h.points());
            m.put("last_step", (long) h.lastStep());
            m.put("status", h.skipped() ? "skipped" : h.check().status().label());
            m.put("gap_inf", h.skipped() || !h.fit().ok() ? null : number(h.fit().param(model.asymptoteIndex())));
            m.put("gap_inf_ci", h.bootstrap() == null ? null
                    : List.of(number(h.bootstrap().lower()), number(h.bootstrap().upper())));
            horizons.add(m);
        }
        e.put("horizons", horizons);
        if (fit.autocorrelation() != null) {
            e.put("residual_autocorrelation", autocorrelation(fit.autocorrelation(), settings));
        }
        List<String> agrees = new ArrayList<>();
        List<String> disagrees = new ArrayList<>();
        for (ModelFit other : analysis.fits()) {
            if (other != fit && fit.hasInterval() && other.hasInterval()) {
                (fit.agreesWith(other) ? agrees : disagrees).add(other.model());
            }
        }
        e.put("agrees_with", agrees);
        e.put("disagrees_with", disagrees);
        return e;
    }

    /** The autocorrelation diagnostic: within-seed ACF, between-seed test, threat, block bootstrap. */
    private static Map<String, Object> autocorrelation(dev.graft.fit.AutocorrelationDiagnostic d, AnalysisSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acf", numbers(d.residual().acf()));
        m.put("effective_points", number(d.residual().effectivePoints()));
        m.put("variance_inflation", number(d.residual().varianceInflation()));
        dev.graft.fit.SeedCorrelation c = d.seeds();
        if (c != null) {
            Map<String, Object> seeds = new LinkedHashMap<>();
            seeds.put("lags", c.lags());
            seeds.put("within_acf", numbers(c.within()));
            seeds.put("between_ccf", numbers(c.between()));
            seeds.put("threat_ratio", numbers(c.threatRatio()));
            seeds.put("p_values", numbers(c.pValues()));
            seeds.put("permutations", c.permutations());
            seeds.put("null", "each seed's residuals shuffled in time, independently per seed; p = (1 + #{permuted"
                    + " threat ratio >= observed}) / (1 + permutations)");
            m.put("seed_correlation", seeds);
        }
        m.put("threat", d.threat().label());
        m.put("block_length", d.blockLength());
        m.put("block_length_from", d.fromAcf() ? "acf" : "spec");
        if (d.block() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("block_length", d.blockLength());
            b.put("replicates", settings.bootstrap());
            b.put("failed_fits", d.block().fallbacks());
            b.put("gap_inf_ci", List.of(number(d.block().lower()), number(d.block().upper())));
            b.put("se", number(d.block().standardError()));
            b.put("fraction_above_0", number(d.block().fractionAbove(0)));
            m.put("block_bootstrap", b);
        } else {
            m.put("block_bootstrap", null);
        }
        return m;
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Object> numbers(double[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(number(x));
        }
        return out;
    }

    private static List<Long> longs(double[] v) {
        List<Long> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add((long) x);
        }
        return out;
    }
}

package dev.graft.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study's α sweep of the final probes: each final probe's own data (activations, targets, held-out
 * mask) refitted with its probe plugin and options at every α of {@link StudyAnalyses#alphas()}
 * (cross-validation over alphas switched off), scored on the same held-out rows. Written to
 * {@code alpha_sweep.json}; shows whether a conclusion depends on the probe's α.
 */
final class AlphaSweep {
    static final String FILE = "alpha_sweep.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One final probe swept: R² at each α. */
    record Curve(String condition, long seed, int layer, double probeAlpha, double probeR2, double[] r2) {
        int best() {
            int b = 0;
            for (int i = 1; i < r2.length; i++) {
                if (r2[i] > r2[b]) {
                    b = i;
                }
            }
            return b;
        }
    }

    /** The sweep of a run: its α values and every final probe swept. */
    record Result(double[] alphas, List<Curve> curves) {
        boolean isEmpty() {
            return curves.isEmpty();
        }

        /** Mean over seeds of the R² at each α, for one condition and layer (empty array when none). */
        double[] mean(String condition, int layer) {
            double[] out = new double[alphas.length];
            int n = 0;
            for (Curve c : curves) {
                if (c.condition().equals(condition) && c.layer() == layer) {
                    for (int i = 0; i < out.length; i++) {
                        out[i] += c.r2()[i];
                    }
                    n++;
                }
            }
            if (n == 0) {
                return new double[0];
            }
            for (int i = 0; i < out.length; i++) {
                out[i] /= n;
            }
            return out;
        }
    }

    private AlphaSweep() {
    }

    /** Sweeps every folder; a folder whose probe has no {@code alpha} option is left out. */
    static Result run(List<FinalProbeFolder> folders, double[] alphas, PluginCatalog catalog) {
        List<Curve> curves = new ArrayList<>();
        for (FinalProbeFolder f : folders) {
            if (!f.options().containsKey("alpha")) {
                continue;
            }
            double[] r2 = new double[alphas.length];
            for (int i = 0; i < alphas.length; i++) {
                Map<String, Object> options = new LinkedHashMap<>(f.options());
                options.put("alpha", alphas[i]);
                if (options.containsKey("alphas")) {
                    options.put("alphas", List.of());
                }
                Probe probe = PluginOptions.<Probe>create(catalog, PluginKind.PROBE, f.plugin(), "alpha sweep", options).plugin();
                r2[i] = probe.fit(f.activations(), f.targets(), f.heldout()).score();
            }
            double probeAlpha = f.options().get("alpha") instanceof Number n ? n.doubleValue() : Double.NaN;
            curves.add(new Curve(f.condition(), f.seed(), f.layer(), probeAlpha, f.r2(), r2));
        }
        return new Result(alphas, curves);
    }

    static String json(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("about", "each final probe refitted on its own data at every alpha (log-spaced), held-out R² on the same rows");
        m.put("alphas", r.alphas());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Curve c : r.curves()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("condition", c.condition());
            e.put("seed", c.seed());
            e.put("layer", c.layer());
            e.put("probe_alpha", c.probeAlpha());
            e.put("probe_r2", finite(c.probeR2()));
            List<Object> r2 = new ArrayList<>();
            for (double v : c.r2()) {
                r2.add(finite(v));
            }
            e.put("r2", r2);
            e.put("best_alpha", r.alphas()[c.best()]);
            e.put("best_r2", finite(c.r2()[c.best()]));
            list.add(e);
        }
        m.put("probes", list);
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

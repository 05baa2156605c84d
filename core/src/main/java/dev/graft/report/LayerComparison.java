package dev.graft.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * The study's layer comparison of the final probes: for each condition, the mean over seeds of its
 * final R² at every probed layer, the layer where it peaks, and the key layer's prominence: its R²
 * over the mean R² of the other layers (a ratio; above 1 when the key layer reads the target better
 * than the rest of the model does on average).
 *
 * @param condition  the condition
 * @param layers     the probed layers, ascending
 * @param meanR2     mean final R² over seeds at each of {@code layers}
 * @param peakLayer  the layer of the highest mean R² (the first of equals)
 * @param keyLayer   the key layer, or −1 when the condition was not probed there
 * @param prominence R²(key) / mean R²(other layers); NaN without a key layer or other layers
 */
record LayerComparison(String condition, int[] layers, double[] meanR2, int peakLayer, int keyLayer, double prominence) {

    /** {@code layers.json}: one object per condition, full precision, non-finite numbers as null. */
    static String json(List<LayerComparison> all) {
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        for (LayerComparison c : all) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("condition", c.condition());
            m.put("layers", c.layers());
            List<Object> r2 = new ArrayList<>();
            for (double v : c.meanR2()) {
                r2.add(Double.isFinite(v) ? v : null);
            }
            m.put("mean_final_r2", r2);
            m.put("peak_layer", c.peakLayer());
            m.put("key_layer", c.keyLayer() < 0 ? null : c.keyLayer());
            m.put("key_prominence", Double.isFinite(c.prominence()) ? c.prominence() : null);
            out.add(m);
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(out) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<LayerComparison> of(ProbeTable probes, List<String> conditions, int keyLayer, String probe) {
        List<LayerComparison> out = new ArrayList<>();
        for (String c : conditions) {
            SortedSet<Integer> layers = probes.layers(c, probe);
            if (layers.isEmpty()) {
                continue;
            }
            int[] ls = layers.stream().mapToInt(Integer::intValue).toArray();
            double[] mean = new double[ls.length];
            int peak = 0;
            for (int i = 0; i < ls.length; i++) {
                mean[i] = Numbers.mean(probes.finalR2(c, ls[i], probe).values().stream().mapToDouble(Double::doubleValue)
                        .toArray());
                if (mean[i] > mean[peak]) {
                    peak = i;
                }
            }
            int key = layers.contains(keyLayer) ? keyLayer : -1;
            double prominence = Double.NaN;
            if (key >= 0 && ls.length > 1) {
                double others = 0;
                double keyR2 = Double.NaN;
                for (int i = 0; i < ls.length; i++) {
                    if (ls[i] == key) {
                        keyR2 = mean[i];
                    } else {
                        others += mean[i] / (ls.length - 1);
                    }
                }
                prominence = keyR2 / others;
            }
            out.add(new LayerComparison(c, ls, mean, ls[peak], key, prominence));
        }
        return out;
    }
}

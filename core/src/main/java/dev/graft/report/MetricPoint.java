package dev.graft.report;

import java.util.Map;

/**
 * One line of {@code metrics.jsonl}: a condition and seed, the record's split ({@code train},
 * {@code quick} or {@code full} validation), its step and its numeric fields ({@code loss},
 * {@code value_loss}, …).
 */
public record MetricPoint(String condition, long seed, String split, long step, Map<String, Double> values) {

    public MetricPoint {
        values = Map.copyOf(values);
    }

    /** The field's value, or NaN when the record has none. */
    public double value(String key) {
        Double v = values.get(key);
        return v == null ? Double.NaN : v;
    }
}

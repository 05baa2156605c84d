package dev.graft.measure;

import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasuredModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The measures of a run on its positions: one pass measures one model at one step with every measure that
 * applies to its condition, sharing the model's activations between them.
 *
 * @param entries   the measures, each with the layers it reads (empty: all) and whether it applies to a condition
 * @param positions the positions measured on
 */
public record MeasureSession(List<Entry> entries, MeasurePositions positions) {

    public MeasureSession {
        entries = List.copyOf(entries);
        Objects.requireNonNull(positions, "positions");
    }

    /**
     * One measure of the spec.
     *
     * @param name       the plugin's name (for messages)
     * @param measure    the plugin
     * @param layers     the layers it reads; empty for all
     * @param conditions the conditions it reads; empty for all (grafted ones only for a measure that needs a source)
     */
    public record Entry(String name, Measure measure, List<Integer> layers, List<String> conditions) {
        public Entry {
            Objects.requireNonNull(measure, "measure");
            layers = List.copyOf(layers);
            conditions = List.copyOf(conditions);
        }

        boolean applies(String condition, boolean grafted) {
            if (measure.needsSource() && !grafted) {
                return false;
            }
            if (conditions.isEmpty()) {
                return true;
            }
            return conditions.stream().anyMatch(c -> condition.equals(c) || condition.startsWith(c + "["));
        }
    }

    /** Whether any measure reads {@code condition}. */
    public boolean measures(String condition, boolean grafted) {
        return entries.stream().anyMatch(e -> e.applies(condition, grafted));
    }

    /** A view of {@code model} on this session's positions. */
    public MeasuredModel view(Transformer model) {
        return new ModelView(model, positions.tokenIds(), positions.n());
    }

    /**
     * The rows of one model at one step.
     *
     * @param start  the model it started from (itself at step 0)
     * @param source the source small model of a graft; empty otherwise
     * @param plan   the graft's plan; for a model that is not grafted, the plan a control reads it at, or empty
     */
    public List<MeasureRow> measure(String condition, long seed, long step, MeasuredModel model, MeasuredModel start,
                                    Optional<MeasuredModel> source, Optional<GraftPlan> plan) {
        List<MeasureRow> rows = new ArrayList<>();
        boolean grafted = source.isPresent();
        for (Entry e : entries) {
            if (!e.applies(condition, grafted)) {
                continue;
            }
            MeasurePass pass = new MeasurePass(model, step, condition, start, source, plan, positions, e.layers());
            for (Measure.Value v : e.measure().measure(pass)) {
                rows.add(new MeasureRow(condition, seed, step, v.layer(), v.component(), v.measure(), v.value()));
            }
        }
        return rows;
    }
}

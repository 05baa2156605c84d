package dev.graft.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The experiment a spec runs: every condition (sweeps already expanded) trained once per seed, and
 * the gap curves to compare. Validated: every graft names an existing small condition and fits the
 * models, every comparison names existing conditions and a layer both have.
 *
 * @param seeds      the seeds, in the order written; each condition is trained once per seed
 * @param conditions the conditions in the order written, a swept condition replaced by its variants
 * @param compare    the comparisons, a swept condition's expanded into one per variant
 */
public record ExperimentSpec(List<Long> seeds, List<Condition> conditions, List<Comparison> compare) {

    public ExperimentSpec {
        seeds = List.copyOf(seeds);
        conditions = List.copyOf(conditions);
        compare = List.copyOf(compare);
    }

    /** The condition called {@code name}. */
    public Optional<Condition> condition(String name) {
        return conditions.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Which of the two model sizes a condition trains. */
    public enum ModelSize {
        SMALL, LARGE;

        /** {@code small} or {@code large}, as specs write it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static ModelSize of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One condition.
     *
     * @param name        its name, e.g. {@code graft+aux} or a swept variant {@code graft+aux[at=2]}
     * @param model       the model size trained
     * @param auxiliary   whether the auxiliary loss is on
     * @param graft       where a grafted large model's weights come from; empty: a fresh initialisation
     * @param sweptFrom   the condition this one is a sweep variant of; empty when not swept
     */
    public record Condition(String name, ModelSize model, boolean auxiliary, Optional<GraftSource> graft,
                            Optional<String> sweptFrom) {
        public Condition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(graft, "graft");
            Objects.requireNonNull(sweptFrom, "sweptFrom");
        }
    }

    /**
     * A graft.
     *
     * @param from       the small condition grafted from
     * @param strategy   the graft strategy plugin and its options
     * @param checkpoint {@code best} or {@code last}: which of the source's checkpoints is grafted
     * @param plan       the strategy's plan for the spec's model sizes (computed when validating)
     * @param preservesFunction whether the strategy promises the grafted model computes what the small one
     *                   did (then the graft is verified before training)
     */
    public record GraftSource(String from, PluginRef strategy, String checkpoint, dev.graft.spi.GraftPlan plan,
                              boolean preservesFunction) {
        public GraftSource {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(plan, "plan");
        }

        /** The large layers the plan copies small layers into, and the deepest of them ({@code -1} when none). */
        public int lastCopiedLayer() {
            return plan.copies().stream().mapToInt(dev.graft.spi.GraftPlan.LayerCopy::largeLayer).max().orElse(-1);
        }
    }

    /** A gap curve: condition {@code a}'s probe score minus {@code b}'s at {@code layer}. */
    public record Comparison(String a, String b, int layer) {
    }
}

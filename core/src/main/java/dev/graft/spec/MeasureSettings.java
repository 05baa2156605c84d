package dev.graft.spec;

import dev.graft.spi.Measure;
import dev.graft.spi.PluginKind;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.graft.spec.ValueType.integer;
import static dev.graft.spec.ValueType.listOf;
import static dev.graft.spec.ValueType.plugin;
import static dev.graft.spec.ValueType.string;

/**
 * The spec's {@code measures} list (docs/circuits.md): measure plugins run on the large models at the probe
 * steps, each with two settings beside its options, and the rules that need the rest of the spec. Kept out
 * of {@link SpecSchema} so that the schema names the list in one line.
 */
public final class MeasureSettings {
    private MeasureSettings() {
    }

    /** The settings each item of {@code measures} takes beside its plugin's options. */
    public static final SectionSchema SETTINGS = SectionSchema.builder("measure settings",
                    "Which layers and conditions a measure reads")
            .field("layers", listOf(integer(0)), List.of(), "0-based layers of the large model measured; []: all")
            .field("conditions", listOf(string()), List.of(),
                    "large conditions measured; []: every large condition (a measure that reads a source: every grafted one)")
            .build();

    /** The {@code measures} field of the root schema. */
    static ValueType type() {
        return listOf(plugin(PluginKind.MEASURE, SETTINGS));
    }

    static final String DESCRIPTION = "measures of the large models' internals (CKA, weight drift, ablation, …) at the"
            + " probe steps and step 0, rows in measures.csv (docs/circuits.md); [] for none";

    /**
     * Refuses, at each item: a layer the large model lacks or listed twice, a condition the experiment lacks
     * or that is not large, a measure that reads a source named on a condition that is not grafted, and two
     * items of the same plugin (their rows would share names).
     */
    static void check(Validator validator, Section root, ExperimentSpec experiment) {
        if (root == null || experiment == null || !root.values().containsKey("measures")) {
            return;
        }
        List<PluginRef> measures = root.plugins("measures");
        int layers = root.section("models").section("large").integer("layers");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < measures.size(); i++) {
            PluginRef ref = measures.get(i);
            String at = "measures." + i;
            if (!names.add(ref.name())) {
                validator.error(at, "measure '" + ref.name() + "' is listed twice; its rows would share names in"
                        + " measures.csv. List it once (use its layers and conditions settings to choose what it reads).");
            }
            List<?> wanted = (List<?>) ref.settings().get("layers");
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < wanted.size(); k++) {
                int layer = ((Number) wanted.get(k)).intValue();
                if (layer >= layers) {
                    validator.error(at + ".layers." + k, "layer " + layer + " does not exist in the large model"
                            + " (models.large.layers: " + layers + "); measure layers are 0-based, so use 0 to "
                            + (layers - 1) + ".");
                } else if (!seen.add(layer)) {
                    validator.error(at + ".layers." + k, "layer " + layer + " is listed twice; list each layer once.");
                }
            }
            boolean needsSource = validator.instance(at).map(c -> c.plugin() instanceof Measure m && m.needsSource())
                    .orElse(false);
            List<?> conditions = (List<?>) ref.settings().get("conditions");
            for (int k = 0; k < conditions.size(); k++) {
                String name = String.valueOf(conditions.get(k));
                String where = at + ".conditions." + k;
                Optional<ExperimentSpec.Condition> c = find(experiment, name);
                Set<String> large = new TreeSet<>();
                Set<String> grafted = new TreeSet<>();
                for (ExperimentSpec.Condition e : experiment.conditions()) {
                    if (e.model() == ExperimentSpec.ModelSize.LARGE) {
                        large.add(e.name());
                        if (e.graft().isPresent()) {
                            grafted.add(e.name());
                        }
                    }
                }
                if (c.isEmpty() || c.get().model() != ExperimentSpec.ModelSize.LARGE) {
                    validator.error(where, "'" + name + "' is not a large condition of this experiment; measures read"
                            + " large models: use one of " + large + ".");
                } else if (needsSource && c.get().graft().isEmpty()) {
                    validator.error(where, "measure '" + ref.name() + "' compares a model with the small model it was"
                            + " grafted from, and '" + name + "' is not grafted; use a grafted condition (" + grafted
                            + ") or leave conditions empty (it then reads every grafted one).");
                }
            }
        }
    }

    /** A condition by name, or a swept variant's base name ({@code graft+aux} for {@code graft+aux[at=2]}). */
    private static Optional<ExperimentSpec.Condition> find(ExperimentSpec experiment, String name) {
        Optional<ExperimentSpec.Condition> exact = experiment.condition(name);
        if (exact.isPresent()) {
            return exact;
        }
        return experiment.conditions().stream().filter(c -> c.name().startsWith(name + "[")).findFirst();
    }

    /** An item's layers; empty for all. */
    @SuppressWarnings("unchecked")
    public static List<Integer> layers(PluginRef ref) {
        return ((List<Object>) ref.settings().get("layers")).stream().map(o -> ((Number) o).intValue()).toList();
    }
}

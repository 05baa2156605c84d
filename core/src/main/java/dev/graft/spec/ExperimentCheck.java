package dev.graft.spec;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.ExperimentSpec.Comparison;
import dev.graft.spec.ExperimentSpec.Condition;
import dev.graft.spec.ExperimentSpec.GraftSource;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spec.RawNode.RawList;
import dev.graft.spec.RawNode.RawMap;
import dev.graft.spec.RawNode.RawScalar;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a resolved {@code experiment:} section and {@code sweep:} into an {@link ExperimentSpec}:
 * expands every swept condition into one variant per combination of values (each variant validated
 * like a written condition, its errors located at the sweep values), then checks what needs the
 * whole experiment: graft sources exist, are small and form no cycle; grafts go into large models
 * and fit them (the strategy's own {@link GraftStrategy#plan} is asked, so "more small layers than
 * fit at that offset" is the strategy's answer); auxiliary losses only where a task exists;
 * comparisons name existing conditions and a layer both have.
 *
 * <p>Sweep keys address one condition's settings: {@code experiment.conditions.<name>.<setting path>}.
 * The keys of one condition form a cross product; a variant is named {@code name[k=v,...]} with
 * {@code k} the last part of each key (the whole setting path where two keys share a last part) and
 * {@code v} the value as written.
 */
final class ExperimentCheck {
    private static final String CONDITIONS = "experiment.conditions";

    private final SpecLoader loader;
    private final PluginCatalog catalog;
    private final Validator validator;
    private final Problems problems;
    private final RawMap raw;
    private final Section root;

    /** One condition before the typed record is made: its values and the validator that knows where it was written. */
    private record Entry(String name, Section values, Validator located, String path, String sweptFrom) {
        ModelSize model() {
            return ModelSize.of(values.string("model"));
        }

        Optional<Section> graft() {
            return values.has("graft") ? Optional.of(values.section("graft")) : Optional.empty();
        }
    }

    /** One key of a sweep: the setting path inside the condition and its values as written. */
    private record SweptKey(String key, String setting, List<RawNode> values, Origin origin) {
    }

    ExperimentCheck(SpecLoader loader, PluginCatalog catalog, Validator validator, Problems problems, RawMap raw,
                    Section root) {
        this.loader = loader;
        this.catalog = catalog;
        this.validator = validator;
        this.problems = problems;
        this.raw = raw;
        this.root = root;
    }

    /** The experiment, or null when the spec has errors (every one reported). */
    ExperimentSpec run() {
        if (root == null) {
            return null;
        }
        int before = problems.count();
        Section experiment = root.section("experiment");
        Map<String, Object> written = experiment.map("conditions");
        Map<String, List<Entry>> variants = expandSweeps(written);
        if (variants == null) {
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> c : written.entrySet()) {
            List<Entry> v = variants.get(c.getKey());
            if (v != null) {
                entries.addAll(v);
            } else {
                entries.add(new Entry(c.getKey(), (Section) c.getValue(), validator, child(CONDITIONS, c.getKey()), null));
            }
        }
        if (entries.stream().anyMatch(e -> e.values() == null)) {
            return null; // a variant with errors, already reported
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (byName.putIfAbsent(e.name(), e) != null) {
                error(e, "", "two sweep variants are both called '" + e.name() + "'; make the swept values differ in "
                        + "more than punctuation.");
            }
        }
        if (entries.isEmpty()) {
            validator.error(CONDITIONS, "the experiment has no conditions; name at least one, e.g. "
                    + "{small-aux: {model: small}}.");
            return null;
        }
        ModelsSpec models = ModelsSpec.from(root.section("models"));
        boolean hasAuxTask = !root.plugins("auxiliary").isEmpty();
        Map<String, GraftSource> grafts = checkConditions(entries, byName, variants.keySet(), models, hasAuxTask);
        List<Comparison> compare = checkComparisons(experiment, byName, variants, models, grafts);
        if (problems.count() != before) {
            return null;
        }
        List<Condition> conditions = new ArrayList<>();
        for (Entry e : entries) {
            conditions.add(new Condition(e.name(), e.model(), e.values().bool("auxiliary"),
                    Optional.ofNullable(grafts.get(e.name())), Optional.ofNullable(e.sweptFrom())));
        }
        @SuppressWarnings("unchecked")
        List<Long> seeds = (List<Long>) experiment.get("seeds");
        return new ExperimentSpec(seeds, conditions, compare);
    }

    // ---- sweep ------------------------------------------------------------------------------

    /** Swept condition name → its variants (null when a sweep key is wrong; the errors are reported). */
    private Map<String, List<Entry>> expandSweeps(Map<String, Object> written) {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        if (!(raw.get("sweep") instanceof RawMap sweep) || sweep.entries().isEmpty()) {
            return out;
        }
        int before = problems.count();
        Map<String, List<SweptKey>> byCondition = new LinkedHashMap<>();
        for (Map.Entry<String, RawNode.Entry> e : sweep.entries().entrySet()) {
            String key = e.getKey();
            Origin at = e.getValue().keyOrigin();
            String path = child("sweep", key);
            String prefix = CONDITIONS + ".";
            if (!key.startsWith(prefix) || key.indexOf('.', prefix.length()) < 0) {
                problems.add(at, path, "a sweep key names one setting of one condition, "
                        + "experiment.conditions.<name>.<setting>, e.g. experiment.conditions.graft+aux.graft.strategy.at"
                        + "; '" + key + "' does not. To vary other settings, write one spec per value (extends: lets "
                        + "them share the rest).");
                continue;
            }
            String rest = key.substring(prefix.length());
            String name = rest.substring(0, rest.indexOf('.'));
            String setting = rest.substring(rest.indexOf('.') + 1);
            if (!written.containsKey(name)) {
                problems.add(at, path, "there is no condition '" + name + "' to sweep."
                        + Suggestions.didYouMean(name, written.keySet()) + " Conditions: "
                        + String.join(", ", written.keySet()) + ".");
                continue;
            }
            Optional<String> wrongSetting = settingProblem(name, setting);
            if (wrongSetting.isPresent()) {
                problems.add(at, path, wrongSetting.get());
                continue;
            }
            if (!(e.getValue().value() instanceof RawList values)) {
                continue; // reported by the schema
            }
            if (values.items().isEmpty()) {
                problems.add(values.origin(), path, "the sweep lists no values; give at least one, e.g. [0, 1, 2].");
                continue;
            }
            Set<Object> seen = new HashSet<>();
            for (RawNode v : values.items()) {
                if (!seen.add(Validator.plain(v))) {
                    problems.add(v.origin(), path, "the value " + valueText(v) + " is listed twice; list each value once.");
                }
            }
            byCondition.computeIfAbsent(name, n -> new ArrayList<>()).add(new SweptKey(key, setting, values.items(), at));
        }
        for (Map.Entry<String, List<SweptKey>> e : byCondition.entrySet()) {
            for (Map.Entry<String, Object> other : written.entrySet()) {
                Section c = (Section) other.getValue();
                if (c.has("graft") && c.section("graft").string("from").equals(e.getKey())) {
                    SweptKey first = e.getValue().get(0);
                    problems.add(first.origin(), child("sweep", first.key()), "condition '" + e.getKey()
                            + "' cannot be swept: '" + other.getKey() + "' grafts from it, and a graft needs one source."
                            + " Sweep the grafted condition's settings instead, or write one spec per value.");
                }
            }
        }
        if (problems.count() != before) {
            return null;
        }
        for (Map.Entry<String, List<SweptKey>> e : byCondition.entrySet()) {
            out.put(e.getKey(), variants(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Why {@code setting} is not a setting path of a condition, or empty (plugin options are checked per variant). */
    private static Optional<String> settingProblem(String condition, String setting) {
        ValueType type = SpecSchema.CONDITION;
        String at = child(CONDITIONS, condition);
        for (String part : setting.split("\\.", -1)) {
            if (type instanceof ValueType.PluginType) {
                return Optional.empty();
            }
            if (!(type instanceof SectionSchema s)) {
                return Optional.of("'" + at + "' is " + type.describe() + ", a single value with no setting '" + part
                        + "'; sweep '" + at + "' itself.");
            }
            Field f = s.field(part);
            if (f == null) {
                return Optional.of("'" + part + "' is not a setting of " + at + "." + Suggestions.didYouMean(part,
                        s.allowedKeys()) + " Its settings: " + String.join(", ", s.allowedKeys()) + ".");
            }
            type = f.type();
            at = child(at, part);
        }
        return Optional.empty();
    }

    /** Every combination of the keys' values, as validated conditions named {@code name[k=v,...]}. */
    private List<Entry> variants(String name, List<SweptKey> keys) {
        List<String> labels = labels(keys);
        List<Entry> out = new ArrayList<>();
        int[] index = new int[keys.size()];
        while (true) {
            RawNode condition = rawCondition(name);
            StringBuilder variant = new StringBuilder(name).append('[');
            for (int k = 0; k < keys.size(); k++) {
                SweptKey key = keys.get(k);
                RawNode value = key.values().get(index[k]);
                variant.append(k > 0 ? "," : "").append(labels.get(k)).append('=').append(safe(valueText(value)));
                Optional<RawNode> set = loader.setAt(condition, key.setting().split("\\.", -1), 0,
                        child(CONDITIONS, name), value, key.origin(), problems, key.key());
                if (set.isPresent()) {
                    condition = set.get();
                }
            }
            String variantName = variant.append(']').toString();
            Validator located = new Validator(catalog, problems);
            String path = child(CONDITIONS, variantName);
            Section values = (Section) located.resolve(SpecSchema.CONDITION, condition, path);
            out.add(new Entry(variantName, values, located, path, name));
            int k = keys.size() - 1;
            while (k >= 0 && ++index[k] == keys.get(k).values().size()) {
                index[k] = 0;
                k--;
            }
            if (k < 0) {
                return out;
            }
        }
    }

    /** The last part of each key's setting path, or the whole path where two keys share a last part. */
    private static List<String> labels(List<SweptKey> keys) {
        Map<String, Integer> counts = new HashMap<>();
        for (SweptKey k : keys) {
            counts.merge(last(k.setting()), 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (SweptKey k : keys) {
            out.add(counts.get(last(k.setting())) > 1 ? k.setting() : last(k.setting()));
        }
        return out;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The condition as written, or as the schema's default has it when the spec wrote no conditions. */
    private RawNode rawCondition(String name) {
        if (raw.get("experiment") instanceof RawMap e && e.get("conditions") instanceof RawMap c && c.get(name) != null) {
            return c.get(name);
        }
        Object defaults = SpecSchema.EXPERIMENT.field("conditions").defaultValue();
        Origin origin = raw.origin().asDefault();
        return RawNode.fromJava(((Map<?, ?>) defaults).get(name), origin);
    }

    /** A value as the user wrote it: {@code 2}, {@code offset}, {@code offset{at=2}}. */
    private static String valueText(RawNode v) {
        if (v instanceof RawScalar s) {
            return s.value() instanceof String text ? text : s.text();
        }
        if (v instanceof RawList l) {
            List<String> parts = new ArrayList<>();
            l.items().forEach(i -> parts.add(valueText(i)));
            return String.join("+", parts);
        }
        RawMap m = (RawMap) v;
        StringBuilder out = new StringBuilder();
        RawNode name = m.get("name");
        if (name != null) {
            out.append(valueText(name));
        }
        List<String> options = new ArrayList<>();
        m.entries().forEach((k, e) -> {
            if (!k.equals("name")) {
                options.add(k + "=" + valueText(e.value()));
            }
        });
        if (!options.isEmpty()) {
            out.append('{').append(String.join(",", options)).append('}');
        }
        return out.toString();
    }

    /** Keeps a variant name usable as a folder name. */
    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._+=,{}-]", "_");
    }

    // ---- conditions -------------------------------------------------------------------------

    /** Checks every condition; returns the grafts of the large conditions that passed, by condition name. */
    private Map<String, GraftSource> checkConditions(List<Entry> entries, Map<String, Entry> byName, Set<String> swept,
                                                     ModelsSpec models, boolean hasAuxTask) {
        List<String> smallNames = entries.stream().filter(e -> e.model() == ModelSize.SMALL).map(Entry::name).toList();
        String smallList = smallNames.isEmpty() ? "none is defined; add one with model: small" : String.join(", ", smallNames);
        Map<String, String> edges = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.model() == ModelSize.LARGE && e.values().bool("auxiliary")) {
                error(e, "auxiliary", "large models train on the main objectives only (no auxiliary loss); their "
                        + "auxiliary head is only carried over from a graft. Set auxiliary: false, or model: small.");
            }
            if (e.model() == ModelSize.SMALL && e.values().bool("auxiliary") && !hasAuxTask) {
                error(e, "auxiliary", "the spec has no auxiliary task for this loss; add one under auxiliary: (e.g. "
                        + "auxiliary: [{name: sector-balance}]) or set auxiliary: false.");
            }
            if (e.graft().isEmpty()) {
                continue;
            }
            String from = e.graft().get().string("from");
            if (from.isEmpty()) {
                error(e, "graft.from", "a graft needs the small condition it copies: from: <name>, one of " + smallList + ".");
            } else if (from.equals(e.name())) {
                error(e, "graft.from", "a condition cannot graft from itself; name a small condition: " + smallList + ".");
            } else if (!byName.containsKey(from) && !swept.contains(from)) {
                error(e, "graft.from", "there is no condition '" + from + "'." + Suggestions.didYouMean(from, byName.keySet())
                        + " Graft from a small condition: " + smallList + ".");
            } else if (byName.containsKey(from)) {
                edges.put(e.name(), from);
            }
        }
        Set<String> inCycle = reportCycles(edges, byName);
        Map<String, GraftSource> grafts = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.graft().isEmpty() || !edges.containsKey(e.name()) || inCycle.contains(e.name())) {
                continue;
            }
            Entry source = byName.get(edges.get(e.name()));
            if (e.model() == ModelSize.SMALL) {
                error(e, "graft", "only a large model receives a graft (the small model is what gets grafted); "
                        + "set model: large, or remove graft:.");
                continue;
            }
            if (source.model() == ModelSize.LARGE) {
                error(e, "graft.from", "'" + source.name() + "' is a large model; a graft copies a small model into a "
                        + "large one, so graft from a small condition: " + smallList + ".");
                continue;
            }
            plan(e, models).ifPresent(g -> grafts.put(e.name(), g));
        }
        return grafts;
    }

    /** Reports each cycle of grafts once; returns every condition on one. */
    private Set<String> reportCycles(Map<String, String> edges, Map<String, Entry> byName) {
        Set<String> inCycle = new HashSet<>();
        Set<String> cleared = new HashSet<>();
        for (String start : edges.keySet()) {
            List<String> chain = new ArrayList<>();
            String at = start;
            while (at != null && !cleared.contains(at) && !chain.contains(at)) {
                chain.add(at);
                at = edges.get(at);
            }
            if (at != null && chain.contains(at) && !inCycle.contains(at)) {
                List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(at), chain.size()));
                inCycle.addAll(cycle);
                cycle.add(at);
                error(byName.get(at), "graft.from", "these conditions graft from each other in a cycle: "
                        + String.join(" → ", cycle) + ". A graft's source must be a small model trained on its own; "
                        + "remove one of the graft: entries.");
            }
            cleared.addAll(chain);
        }
        return inCycle;
    }

    /** Asks the condition's strategy for its plan; reports a graft that does not fit the models. */
    private Optional<GraftSource> plan(Entry e, ModelsSpec models) {
        String strategyPath = child(e.path(), "graft.strategy");
        Optional<Validator.Created> created = e.located().instance(strategyPath);
        if (created.isEmpty() || !(created.get().plugin() instanceof GraftStrategy strategy)) {
            return Optional.empty();
        }
        Section g = e.graft().get();
        String name = created.get().ref().name();
        ModelShape small = models.small();
        ModelShape large = models.large();
        GraftPlan plan;
        try {
            plan = strategy.plan(small, large);
        } catch (InvalidOptionsException x) {
            String where = x.option() == null ? "graft.strategy" : "graft.strategy." + x.option();
            error(e, where, "graft strategy '" + name + "' cannot graft models.small (" + describe(small)
                    + ") into models.large (" + describe(large) + "): " + Validator.sentence(x.getMessage()));
            return Optional.empty();
        }
        Optional<String> impossible = impossible(plan, small, large);
        if (impossible.isPresent()) {
            error(e, "graft.strategy", "graft strategy '" + name + "' planned an impossible graft for models.small ("
                    + describe(small) + ") and models.large (" + describe(large) + "): " + impossible.get()
                    + " This is a fault of the plugin; choose another strategy or options.");
            return Optional.empty();
        }
        return Optional.of(new GraftSource(g.string("from"), g.plugin("strategy"), g.string("checkpoint"), plan,
                strategy.preservesFunction()));
    }

    /**
     * What makes a plan impossible for these sizes (layers out of range, one large layer written twice), or empty.
     * A small layer copied into several large layers is possible (stacking).
     */
    static Optional<String> impossible(GraftPlan plan, ModelShape small, ModelShape large) {
        Set<Integer> written = new HashSet<>();
        for (GraftPlan.LayerCopy c : plan.copies()) {
            if (c.smallLayer() < 0 || c.smallLayer() >= small.layers()) {
                return Optional.of("it copies small layer " + c.smallLayer() + ", but the small model has layers 0…"
                        + (small.layers() - 1) + ".");
            }
            if (c.largeLayer() < 0 || c.largeLayer() >= large.layers()) {
                return Optional.of("it copies into large layer " + c.largeLayer() + ", but the large model has layers 0…"
                        + (large.layers() - 1) + ".");
            }
            if (!written.add(c.largeLayer())) {
                return Optional.of("it writes large layer " + c.largeLayer() + " twice.");
            }
        }
        for (int l : plan.silencedLayers()) {
            if (l < 0 || l >= large.layers()) {
                return Optional.of("it silences large layer " + l + ", but the large model has layers 0…"
                        + (large.layers() - 1) + ".");
            }
            if (written.contains(l)) {
                return Optional.of("it both copies into and silences large layer " + l + ".");
            }
        }
        return Optional.empty();
    }

    private static String describe(ModelShape s) {
        return s.layers() + " layers × " + s.heads() + " heads, d_model " + s.dModel() + ", d_head " + s.dHead()
                + ", d_mlp " + s.dMlp();
    }

    // ---- comparisons ------------------------------------------------------------------------

    private List<Comparison> checkComparisons(Section experiment, Map<String, Entry> byName,
                                              Map<String, List<Entry>> variants, ModelsSpec models,
                                              Map<String, GraftSource> grafts) {
        List<Comparison> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Section> compare = (List<Section>) experiment.get("compare");
        for (int i = 0; i < compare.size(); i++) {
            Section c = compare.get(i);
            String path = child("experiment.compare", Integer.toString(i));
            List<String> as = names(c.string("a"), child(path, "a"), byName, variants);
            List<String> bs = names(c.string("b"), child(path, "b"), byName, variants);
            if (as == null || bs == null) {
                continue;
            }
            if (c.string("a").equals(c.string("b"))) {
                validator.error(child(path, "b"), "a condition compared with itself has no gap; name two different "
                        + "conditions.");
                continue;
            }
            for (String a : as) {
                for (String b : bs) {
                    comparison(c, path, a, b, byName, models, grafts).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The conditions a comparison's name stands for (a swept name: all its variants); null when unknown. */
    private List<String> names(String name, String path, Map<String, Entry> byName, Map<String, List<Entry>> variants) {
        if (name.isEmpty()) {
            validator.error(path, "name a condition: one of " + String.join(", ", byName.keySet()) + ".");
            return null;
        }
        if (variants.containsKey(name)) {
            return variants.get(name).stream().map(Entry::name).toList();
        }
        if (byName.containsKey(name)) {
            return List.of(name);
        }
        validator.error(path, "there is no condition '" + name + "'." + Suggestions.didYouMean(name, byName.keySet())
                + " Conditions: " + String.join(", ", byName.keySet()) + ".");
        return null;
    }

    private Optional<Comparison> comparison(Section c, String path, String a, String b, Map<String, Entry> byName,
                                            ModelsSpec models, Map<String, GraftSource> grafts) {
        for (String name : List.of(a, b)) {
            if (byName.get(name).graft().isPresent() && !grafts.containsKey(name)) {
                return Optional.empty(); // its graft has an error, reported where it is written
            }
        }
        int layers = Math.min(layers(byName.get(a), models), layers(byName.get(b), models));
        int layer;
        if (c.has("layer")) {
            layer = c.integer("layer");
            if (layer >= layers) {
                validator.error(child(path, "layer"), "layer " + layer + " does not exist in both " + a + " and " + b
                        + "; they share layers 0…" + (layers - 1) + ".");
                return Optional.empty();
            }
        } else {
            int fromA = grafts.containsKey(a) ? grafts.get(a).lastCopiedLayer() : -1;
            layer = fromA >= 0 ? fromA : grafts.containsKey(b) ? grafts.get(b).lastCopiedLayer() : -1;
            if (layer < 0 || layer >= layers) {
                validator.error(path, "neither " + a + " nor " + b + " copies a graft into a layer both have, so there "
                        + "is no default layer; give layer: (0…" + (layers - 1) + ").");
                return Optional.empty();
            }
        }
        return Optional.of(new Comparison(a, b, layer));
    }

    private static int layers(Entry e, ModelsSpec models) {
        return e.model() == ModelSize.SMALL ? models.small().layers() : models.large().layers();
    }

    private void error(Entry e, String relative, String message) {
        e.located().error(child(e.path(), relative), message);
    }

    private static String child(String path, String name) {
        return SafeYamlReader.child(path, name);
    }
}

package dev.graft.spec;

import dev.graft.spi.Probe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the {@code probes} list that need the rest of the spec: labels unique and safe in file
 * names, probe layers that exist in the probed models, targets to probe, and enough positions for each
 * probe's fit (asked of the probe plugin itself).
 */
final class ProbeChecks {
    private ProbeChecks() {
    }

    /** Labels go into probes.csv and folder names; '/' and '@' are kept for the controls' names. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    /** The probed layers exist, labels are unique, and the spec has targets (a root cross-check). */
    static void layersAndLabels(Section root, CheckContext context) {
        List<PluginRef> probes = root.plugins("probes");
        if (probes.isEmpty()) {
            return;
        }
        if (root.plugins("auxiliary").isEmpty()) {
            if (!context.isGiven("probes")) {
                // the default list with nothing to read out: inert (the resolved spec writes probes: [])
                return;
            }
            context.error("probes", "probes need auxiliary targets to read out, and this spec has none: add an"
                    + " auxiliary task (e.g. auxiliary: [sector-balance]) or remove the probes (probes: []).");
        }
        Section models = root.section("models");
        int largeLayers = models.section("large").integer("layers");
        int smallLayers = models.section("small").integer("layers");
        Map<String, Integer> labels = new HashMap<>();
        String firstSymmetries = probes.get(0).settings().getString("symmetries");
        for (int i = 1; i < probes.size(); i++) {
            if (!probes.get(i).settings().getString("symmetries").equals(firstSymmetries)) {
                context.error("probes." + i + ".symmetries", "every probe reads the same probe positions, so all probes"
                        + " need the same symmetries; probes.0 has " + firstSymmetries + ", this one "
                        + probes.get(i).settings().getString("symmetries") + ".");
            }
        }
        for (int i = 0; i < probes.size(); i++) {
            PluginRef ref = probes.get(i);
            String at = "probes." + i;
            String label = label(ref);
            if (!LABEL.matcher(label).matches()) {
                context.error(at + ".label", "label '" + label + "' may hold only letters, digits and . _ + -"
                        + " (it names probes.csv rows and folders; '/' and '@' mark the controls), e.g. ridge-a10.");
            }
            Integer first = labels.putIfAbsent(label, i);
            if (first != null) {
                context.error(at, "probes." + first + " and " + at + " are both named '" + label + "' in probes.csv;"
                        + " give this one its own label, e.g. label: " + label + "-" + (i + 1) + ".");
            }
            boolean all = "all".equals(ref.settings().getString("on"));
            int layers = all ? Math.min(smallLayers, largeLayers) : largeLayers;
            String models1 = all ? "the small model (models.small.layers: " + smallLayers + ")"
                    : "the large model (models.large.layers: " + largeLayers + ")";
            Set<Integer> seen = new HashSet<>();
            List<?> wanted = (List<?>) ref.settings().get("layers");
            for (int k = 0; k < wanted.size(); k++) {
                int layer = ((Number) wanted.get(k)).intValue();
                String where = at + ".layers." + k;
                if (layer >= layers) {
                    context.error(where, "layer " + layer + " does not exist in " + models1 + "; probe layers are"
                            + " 0-based, so use 0 to " + (layers - 1) + (all ? ", or on: large to probe only the"
                            + " large models' " + largeLayers + " layers" : "") + ".");
                } else if (!seen.add(layer)) {
                    context.error(where, "layer " + layer + " is listed twice; list each layer once.");
                }
            }
        }
    }

    /**
     * Asks each created probe whether its periodic and final probe sets give a meaningful fit on the
     * probed models' width ({@code d_model} features).
     */
    static void enoughPositions(Validator validator, Section root) {
        if (root == null || !root.values().containsKey("probes") || root.plugins("probes").isEmpty()
                || root.plugins("auxiliary").isEmpty()) {
            return;
        }
        Section models = root.section("models");
        List<PluginRef> probes = root.plugins("probes");
        for (int i = 0; i < probes.size(); i++) {
            String at = "probes." + i;
            Optional<Validator.Created> created = validator.instance(at);
            if (created.isEmpty() || !(created.get().plugin() instanceof Probe probe)) {
                continue;
            }
            PluginRef ref = probes.get(i);
            boolean all = "all".equals(ref.settings().getString("on"));
            int features = Math.max(models.section("large").integer("d_model"),
                    all ? models.section("small").integer("d_model") : 0);
            for (String key : List.of("positions", "final_positions")) {
                int n = ref.settings().getInt(key);
                if (n == 0) {
                    continue; // no final probe
                }
                if (n < 2) {
                    validator.error(at + "." + key, "a probe set needs at least 2 positions (some to fit, some to"
                            + " score), got " + n + ".");
                    continue;
                }
                int held = Probe.heldoutRows(n, probe.heldoutFraction());
                probe.incompatibility(features, n - held, held).ifPresent(why -> validator.error(at + "." + key,
                        "probe '" + label(ref) + "' on " + n + " positions (" + (n - held) + " to fit, " + held
                                + " held out) from d_model " + features + " features: " + Validator.sentence(why)));
            }
        }
    }

    /** The name of a probe's rows: its label, or the plugin's name. */
    static String label(PluginRef ref) {
        String label = ref.settings().getString("label");
        return label.isEmpty() ? ref.name() : label;
    }
}

package dev.graft.probe;

import dev.graft.spec.GraftSpec;
import dev.graft.spec.PluginRef;
import dev.graft.spi.Options;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One item of a spec's {@code probes} list: the probe plugin and its protocol settings (see
 * {@code SpecSchema.PROBE_SETTINGS} for each setting's meaning and default).
 *
 * @param label          the name of its rows in probes.csv (the plugin's name unless the spec gives one)
 * @param probe          the probe plugin and its options
 * @param every          probe every this many steps, from step {@code every} on
 * @param positions      size of the periodic probe set
 * @param finalPositions size of the final probe set; 0 for no final probe
 * @param layers         0-based layers to probe; empty for every layer
 * @param smallModelsToo probe small models as well as large ones ({@code on: all})
 * @param shuffled       also fit the shuffled-target control, {@code <label>/shuffled}
 * @param init           also fit the probe on the model at initialisation, {@code <label>@init}
 * @param reference      probe small models once, at the end of their training (their final probe and
 *                       heads.json), as the reference the large models' curves are read against
 */
public record ProbeSchedule(String label, PluginRef probe, int every, int positions, int finalPositions,
                            List<Integer> layers, boolean smallModelsToo, boolean shuffled, boolean init,
                            boolean reference) {

    /** A schedule without the small models' reference probe. */
    public ProbeSchedule(String label, PluginRef probe, int every, int positions, int finalPositions,
                         List<Integer> layers, boolean smallModelsToo, boolean shuffled, boolean init) {
        this(label, probe, every, positions, finalPositions, layers, smallModelsToo, shuffled, init, false);
    }

    public ProbeSchedule {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(probe, "probe");
        layers = List.copyOf(layers);
        if (every < 1 || positions < 2 || finalPositions < 0) {
            throw new IllegalArgumentException("probe " + label + ": every ≥ 1, positions ≥ 2 and final_positions ≥ 0"
                    + " needed, got " + every + ", " + positions + ", " + finalPositions);
        }
    }

    /** The probes a spec asks for, in order; none when the spec has no auxiliary targets to probe. */
    public static List<ProbeSchedule> of(GraftSpec spec) {
        if (spec.auxiliary().isEmpty() || !spec.values().values().containsKey("probes")) {
            return List.of();
        }
        List<ProbeSchedule> out = new ArrayList<>();
        for (PluginRef ref : spec.values().plugins("probes")) {
            out.add(from(ref));
        }
        return List.copyOf(out);
    }

    /** The schedule of one resolved {@code probes} item. */
    public static ProbeSchedule from(PluginRef ref) {
        Options s = ref.settings();
        String label = s.getString("label").isEmpty() ? ref.name() : s.getString("label");
        List<Integer> layers = new ArrayList<>();
        for (Object o : (List<?>) s.get("layers")) {
            layers.add(((Number) o).intValue());
        }
        List<?> controls = (List<?>) s.get("controls");
        return new ProbeSchedule(label, ref, s.getInt("every"), s.getInt("positions"), s.getInt("final_positions"),
                layers, "all".equals(s.getString("on")), controls.contains("shuffled"), controls.contains("init"),
                !s.asMap().containsKey("reference") || s.getBoolean("reference"));
    }

    /** Whether models of this kind ({@code small} or {@code large}) are probed, periodically or once at the end. */
    public boolean probes(String model) {
        return periodicOn(model) || reference && "small".equals(model);
    }

    /** Whether models of this kind get the periodic probes (and the controls), not only the final one. */
    public boolean periodicOn(String model) {
        return "large".equals(model) || smallModelsToo && "small".equals(model);
    }

    /** The size of the probe set at the end of training: the final set, or the periodic one when there is none. */
    public int endPositions() {
        return finalPositions > 0 ? finalPositions : positions;
    }

    /** Whether a periodic probe is due after {@code step} finished steps. */
    public boolean dueAt(long step) {
        return step > 0 && step % every == 0;
    }

    /** The layers probed in a model of {@code modelLayers} layers. */
    public List<Integer> layersOf(int modelLayers) {
        if (layers.isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int l = 0; l < modelLayers; l++) {
                all.add(l);
            }
            return List.copyOf(all);
        }
        for (int l : layers) {
            if (l < 0 || l >= modelLayers) {
                throw new IllegalArgumentException("probe " + label + ": layer " + l + " does not exist in a model of "
                        + modelLayers + " layers (0-based: 0…" + (modelLayers - 1) + ")");
            }
        }
        return layers;
    }

    /**
     * The probed layers that exist in a model of {@code modelLayers} layers: a small model's reference
     * probe reads the layers it has (validation checks the large models' layers).
     */
    public List<Integer> layersWithin(int modelLayers) {
        if (layers.isEmpty()) {
            return layersOf(modelLayers);
        }
        return layers.stream().filter(l -> l >= 0 && l < modelLayers).toList();
    }

    /**
     * Whether each probe step draws its own held-out split ({@code split: per-probe}, the study's
     * protocol) rather than one split for the whole run ({@code fixed}, the default).
     */
    public boolean splitPerProbe() {
        return "per-probe".equals(setting("split", "fixed"));
    }

    /** Whether the probe positions are each seen under a random symmetry ({@code symmetries: random}). */
    public boolean randomSymmetries() {
        return "random".equals(setting("symmetries", "identity"));
    }

    private String setting(String key, String absent) {
        Object v = probe.settings().asMap().get(key);
        return v == null ? absent : v.toString();
    }

    /** The shuffled-target control's name in probes.csv. */
    public String shuffledLabel() {
        return label + "/shuffled";
    }

    /** The initialisation control's name in probes.csv. */
    public String initLabel() {
        return label + "@init";
    }

    /** The most positions this probe reads (periodic or final). */
    public int largestSet() {
        return Math.max(positions, finalPositions);
    }
}

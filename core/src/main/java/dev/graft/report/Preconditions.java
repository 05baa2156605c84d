package dev.graft.report;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What must hold before a gap between grafted and plain models can mean anything: the small models
 * learned a value function (their value accuracy at the end beats always predicting the majority
 * outcome), and the small model trained with the auxiliary loss learned the auxiliary task (its own
 * head's R² on the probe positions is above 0, and its probe R² at its last layer is above the small
 * model's without the loss). Read from each small model's {@code probes/<condition>-seed<s>/heads.json}
 * (written at the end of training when small models are probed); a run whose small models were not
 * probed says so instead of passing silently.
 *
 * @param problems   one paragraph per failed precondition, numbers named; empty when all hold
 * @param answerable false when a failed precondition means the run cannot answer its question
 */
record Preconditions(List<String> problems, boolean answerable) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Value accuracy within this of the majority share counts as no better than always guessing it. */
    static final double VALUE_MARGIN = 0.01;

    /** An auxiliary head R² at or below this counts as not learned. */
    static final double AUX_R2_MIN = 0.05;

    /** The heads file of a probed model's final probe folder. */
    static final String HEADS = "heads.json";

    Preconditions {
        problems = List.copyOf(problems);
    }

    static Preconditions none() {
        return new Preconditions(List.of(), true);
    }

    /** The scores of one model's heads at its end, as heads.json holds them. */
    record Heads(String condition, long seed, int positions, double valueAccuracy, double majorityShare, double auxR2,
                 double auxMse, double auxVariance) {
    }

    static Preconditions of(RunContents run, String probe) throws IOException {
        List<String> small = new ArrayList<>();
        String withAux = null;
        String withoutAux = null;
        for (String c : run.conditions()) {
            Map<?, ?> spec = run.conditionSpec(c);
            if (spec != null && "small".equals(spec.get("model"))) {
                small.add(c);
                if (Boolean.TRUE.equals(spec.get("auxiliary"))) {
                    withAux = withAux == null ? c : withAux;
                } else {
                    withoutAux = withoutAux == null ? c : withoutAux;
                }
            }
        }
        if (small.isEmpty()) {
            return none();
        }
        List<Heads> heads = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String c : small) {
            List<Heads> found = read(run.root(), c);
            if (found.isEmpty()) {
                missing.add(c);
            }
            heads.addAll(found);
        }
        List<String> problems = new ArrayList<>();
        boolean answerable = true;
        if (!missing.isEmpty()) {
            problems.add("Not checked: whether the small models (" + String.join(", ", missing) + ") learned a value function "
                    + "and the auxiliary task, because they were not probed (probes: reference: true, or on: all).");
        }
        List<Heads> noValue = heads.stream().filter(h -> h.valueAccuracy() <= h.majorityShare() + VALUE_MARGIN).toList();
        if (!noValue.isEmpty()) {
            answerable = false;
            List<String> each = new ArrayList<>();
            for (Heads h : noValue) {
                each.add(h.condition() + " seed " + h.seed() + " " + Numbers.fixed(h.valueAccuracy(), 3) + " (majority "
                        + Numbers.fixed(h.majorityShare(), 3) + ")");
            }
            problems.add("This run is too small to say anything about the question: " + noValue.size() + " of " + heads.size()
                    + " small models learned no value function. At their end their value accuracy on the " + noValue.get(0).positions()
                    + " final probe positions is no better than always predicting the majority outcome: " + String.join(", ", each)
                    + ". Grafting layers that learned nothing tests nothing; train the small models longer or on more games.");
        }
        if (withAux != null) {
            List<String> weak = new ArrayList<>();
            for (Heads h : heads) {
                if (h.condition().equals(withAux) && !(h.auxR2() > AUX_R2_MIN)) {
                    weak.add("seed " + h.seed() + ": R² " + Numbers.fixed(h.auxR2(), 3) + " (MSE " + Numbers.fixed(h.auxMse(), 4)
                            + ", target variance " + Numbers.fixed(h.auxVariance(), 4) + ")");
                }
            }
            if (!weak.isEmpty()) {
                answerable = false;
                problems.add(withAux + " did not learn its auxiliary task: its own auxiliary head explains almost none of the "
                        + "targets' variance on the final probe positions (" + String.join("; ", weak) + "). There is "
                        + "nothing to graft; train longer or raise the auxiliary loss weight.");
            }
            if (withoutAux != null) {
                List<String> below = new ArrayList<>();
                ProbeTable probes = run.probes();
                SortedMap<Integer, Integer> lastLayer = new TreeMap<>();
                for (String c : List.of(withAux, withoutAux)) {
                    if (!probes.layers(c, probe).isEmpty()) {
                        lastLayer.put(lastLayer.size(), probes.layers(c, probe).last());
                    }
                }
                if (lastLayer.size() == 2 && lastLayer.get(0).equals(lastLayer.get(1))) {
                    int layer = lastLayer.get(0);
                    SortedMap<Long, Double> a = probes.finalR2(withAux, layer, probe);
                    SortedMap<Long, Double> b = probes.finalR2(withoutAux, layer, probe);
                    for (Map.Entry<Long, Double> e : a.entrySet()) {
                        Double other = b.get(e.getKey());
                        if (other != null && !(e.getValue() > other)) {
                            below.add("seed " + e.getKey() + ": " + Numbers.fixed(e.getValue(), 3) + " vs " + Numbers.fixed(other, 3));
                        }
                    }
                    if (!below.isEmpty()) {
                        answerable = false;
                        problems.add(withAux + "'s layer-" + layer + " probe R² is not above " + withoutAux + "'s ("
                                + String.join("; ", below) + "): the auxiliary loss left no more of the target in its "
                                + "residual stream than training without it, so a graft has nothing extra to carry.");
                    }
                }
            }
        }
        return new Preconditions(problems, answerable);
    }

    /** The heads files of one condition, one per seed, in seed order. */
    static List<Heads> read(Path root, String condition) throws IOException {
        Path probes = root.resolve("probes");
        List<Heads> out = new ArrayList<>();
        if (!Files.isDirectory(probes)) {
            return out;
        }
        String prefix = condition.replaceAll("[^A-Za-z0-9+._-]", "_") + "-seed";
        TreeMap<Long, Heads> bySeed = new TreeMap<>();
        try (var dirs = Files.list(probes)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                Path file = d.resolve(HEADS);
                if (!name.startsWith(prefix) || !Files.isRegularFile(file)) {
                    continue;
                }
                Map<?, ?> m = JSON.readValue(file.toFile(), Map.class);
                long seed = Long.parseLong(name.substring(prefix.length()));
                bySeed.put(seed, new Heads(condition, seed, num(m, "positions") == null ? 0 : num(m, "positions").intValue(),
                        dbl(m, "value_accuracy"), dbl(m, "value_majority_share"), dbl(m, "aux_r2"), dbl(m, "aux_mse"),
                        dbl(m, "aux_target_variance")));
            }
        } catch (NumberFormatException e) {
            throw new IOException("a probes folder of " + condition + " has no seed number: " + e.getMessage(), e);
        }
        out.addAll(bySeed.values());
        return out;
    }

    private static Number num(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n : null;
    }

    private static double dbl(Map<?, ?> m, String key) {
        Number n = num(m, key);
        return n == null ? Double.NaN : n.doubleValue();
    }
}

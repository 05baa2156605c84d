package dev.graft.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.io.AtomicFiles;
import org.jetbrains.bio.npy.NpyFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a final probe's data under a run directory, so any other tool can recompute its number:
 * {@code probes/<condition>-seed<s>/layer<k>/} holds {@code activations.npy} float32 [n, d_model],
 * {@code targets.npy} float32 [n, outputs], {@code heldout.npy} bool [n] and {@code probe.json}
 * (probe, alpha, r2, step, layer, condition, seed, …). The session's first probe writes to
 * {@code layer<k>/}; any further probe to {@code layer<k>-<label>/}. Each file is replaced atomically,
 * {@code probe.json} last, so a folder with a {@code probe.json} is complete.
 */
public final class ProbeFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProbeFiles() {
    }

    /** {@code probes/<condition>-seed<s>} under {@code root}, with characters unsafe in file names replaced by '_'. */
    public static Path runFolder(Path root, String condition, long seed) {
        return root.resolve("probes").resolve(condition.replaceAll("[^A-Za-z0-9+._-]", "_") + "-seed" + seed);
    }

    /** The folder of one probe's layer. */
    public static Path layerFolder(Path root, String condition, long seed, int layer, String label, boolean primary) {
        return runFolder(root, condition, seed).resolve("layer" + layer + (primary ? "" : "-" + label));
    }

    /**
     * Writes every layer of {@code probe}; {@code initRows} (may be empty) add each layer's
     * {@code init_r2} to its probe.json.
     */
    public static void writeFinal(Path root, FinalProbe probe, List<ProbeRow> initRows) {
        for (FinalProbe.Layer l : probe.layers()) {
            Path dir = layerFolder(root, probe.condition(), probe.seed(), l.layer(), l.schedule().label(), l.primary());
            try {
                Files.createDirectories(dir);
                int n = l.activations().length;
                int d = n == 0 ? 0 : l.activations()[0].length;
                int k = n == 0 ? 0 : l.targets()[0].length;
                ByteOrder le = ByteOrder.LITTLE_ENDIAN;
                float[] x = flat(l.activations(), d);
                float[] y = flat(l.targets(), k);
                boolean[] mask = l.heldout().clone();
                atomically(dir.resolve("activations.npy"), p -> NpyFile.write(p, x, new int[] {n, d}, le));
                atomically(dir.resolve("targets.npy"), p -> NpyFile.write(p, y, new int[] {n, k}, le));
                atomically(dir.resolve("heldout.npy"), p -> NpyFile.write(p, mask, new int[] {n}));
                AtomicFiles.writeString(dir.resolve("probe.json"),
                        JSON.writeValueAsString(json(probe, l, initR2(initRows, l))) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the final probe to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code probes/<condition>-seed<s>/heads.json}: the model's own heads on the final probe positions. */
    public static void writeHeads(Path root, String condition, long seed, long step, HeadScores h) {
        Path dir = runFolder(root, condition, seed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("condition", condition);
        m.put("seed", seed);
        m.put("step", step);
        m.put("positions", h.positions());
        m.put("value_accuracy", finite(h.valueAccuracy()));
        m.put("value_majority_share", finite(h.majorityShare()));
        m.put("aux_mse", finite(h.auxMse()));
        m.put("aux_target_variance", finite(h.auxVariance()));
        m.put("aux_r2", finite(h.auxR2()));
        m.put("about", "the model's own value and auxiliary heads on the final probe positions: value accuracy against"
                + " the games' outcomes and the majority outcome's share; auxiliary R² = mean over outputs of 1 - MSE/variance");
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve("heads.json"), JSON.writeValueAsString(m) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve("heads.json") + ": " + e.getMessage(), e);
        }
    }

    private static double initR2(List<ProbeRow> initRows, FinalProbe.Layer l) {
        for (ProbeRow r : initRows) {
            if (r.set().equals(ProbeRow.FINAL) && r.layer() == l.layer() && r.probe().equals(l.schedule().initLabel())) {
                return r.r2();
            }
        }
        return Double.NaN;
    }

    private static Map<String, Object> json(FinalProbe probe, FinalProbe.Layer l, double initR2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probe", l.schedule().label());
        m.put("plugin", l.schedule().probe().name());
        double alpha = ProbeSession.alphaOf(l.result());
        if (!Double.isNaN(alpha)) {
            m.put("alpha", alpha);
        }
        m.put("r2", finite(l.result().score()));
        List<Object> per = new ArrayList<>();
        for (double v : l.result().perOutput()) {
            per.add(finite(v));
        }
        m.put("r2_per_output", per);
        m.put("step", probe.step());
        m.put("layer", l.layer());
        m.put("condition", probe.condition());
        m.put("seed", probe.seed());
        m.put("positions", l.activations().length);
        m.put("n_train", l.row().nTrain());
        m.put("n_heldout", l.row().nHeldout());
        if (!Double.isNaN(l.shuffledR2())) {
            m.put("shuffled_r2", finite(l.shuffledR2()));
        }
        if (!Double.isNaN(initR2)) {
            m.put("init_r2", finite(initR2));
        }
        m.put("options", l.schedule().probe().options().asMap());
        Map<String, Object> info = new LinkedHashMap<>(l.result().info());
        if (!info.isEmpty()) {
            m.put("info", info);
        }
        m.put("activations", "activations.npy: float32 [positions, d_model], the CLS residual after the layer,"
                + " before the final LayerNorm");
        m.put("targets", "targets.npy: float32 [positions, outputs]");
        m.put("heldout", "heldout.npy: bool [positions], true for the rows scored (never fitted)");
        return m;
    }

    /** JSON has no NaN or infinity: those become null. */
    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static float[] flat(float[][] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }

    private static void atomically(Path target, dev.graft.io.AtomicFiles.PathWriter writer) throws IOException {
        dev.graft.io.AtomicFiles.writeFile(target, writer);
    }
}

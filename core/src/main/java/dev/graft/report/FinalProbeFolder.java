package dev.graft.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.io.UserInputException;
import dev.graft.probe.ProbeFiles;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One final probe's data read back from {@code probes/<condition>-seed<s>/layer<k>/} (written by
 * {@link ProbeFiles#writeFinal}): the activations, targets and held-out mask it was fitted on, and its
 * probe.json (plugin, options, R², the shuffled control's R²).
 */
record FinalProbeFolder(String condition, long seed, int layer, Path dir, String plugin, Map<String, Object> options,
                        double r2, double shuffledR2, float[][] activations, float[][] targets, boolean[] heldout) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The folder of the session's first probe at {@code layer}, when it exists, is complete (has its
     * probe.json) and holds the probe labelled {@code probe}; empty otherwise.
     */
    @SuppressWarnings("unchecked")
    static Optional<FinalProbeFolder> read(Path root, String condition, long seed, int layer, String probe) {
        Path dir = ProbeFiles.layerFolder(root, condition, seed, layer, probe, true);
        Path json = dir.resolve("probe.json");
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = JSON.readValue(json.toFile(), Map.class);
            if (!probe.equals(m.get("probe"))) {
                return Optional.empty();
            }
            float[][] x = matrix(dir.resolve("activations.npy"));
            float[][] y = matrix(dir.resolve("targets.npy"));
            NpyArray h = NpyFile.read(dir.resolve("heldout.npy"), 1 << 20);
            boolean[] mask = h.asBooleanArray();
            if (x.length != y.length || x.length != mask.length) {
                throw new UserInputException(dir + ": activations, targets and heldout have " + x.length + ", " + y.length
                        + " and " + mask.length + " rows; the folder is damaged, run the final probe again");
            }
            Map<String, Object> options = m.get("options") instanceof Map<?, ?> o
                    ? new LinkedHashMap<>((Map<String, Object>) o) : new LinkedHashMap<>();
            return Optional.of(new FinalProbeFolder(condition, seed, layer, dir, String.valueOf(m.get("plugin")), options,
                    number(m.get("r2")), number(m.get("shuffled_r2")), x, y, mask));
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserInputException u) {
                throw u;
            }
            throw new UserInputException(dir + " cannot be read (" + e.getMessage() + "); run the final probe again", e);
        }
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static float[][] matrix(Path file) {
        NpyArray a = NpyFile.read(file, 1 << 20);
        int[] shape = a.getShape();
        if (shape.length != 2) {
            throw new UserInputException(file + " is " + shape.length + "-D; expected [positions, columns]");
        }
        float[] flat = a.asFloatArray();
        float[][] out = new float[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(flat, i * shape[1], out[i], 0, shape[1]);
        }
        return out;
    }
}

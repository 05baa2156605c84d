package dev.graft.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.io.UserInputException;
import dev.graft.spi.Game;
import org.jetbrains.bio.npy.NpyFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the batches a training run consumes, in order, so that another trainer can train on exactly
 * graft's data: step {@code s} (0-based) is {@code source.read(s·B, B)}, the very call the trainer makes
 * for that step, for {@code s = 0 … steps − 1}.
 * <p>
 * The folder holds the arrays of {@link PositionDump} (tokens without CLS, value, policy, mask, aux,
 * game, ply, symmetry; tokens, policy and mask under the position's symmetry), row {@code s·B + i}
 * being position {@code i} of step {@code s}, plus {@code step} int32 [n] (the step each row is
 * trained in) and {@code stream.json} (batch size, steps, and whatever the caller adds: condition,
 * seed, spec hash, the recipe). Extra files (the initial weights) may be added by the caller's
 * {@code extra} writer. The folder is filled under a temporary name and renamed when complete.
 */
public final class TrainingStreamDump {
    /** The name of the description file. */
    public static final String INFO = "stream.json";

    private TrainingStreamDump() {
    }

    /**
     * @param dir        a new folder (absent or empty)
     * @param source     the training positions, exactly as the trainer reads them
     * @param game       the game they are of
     * @param auxOutputs auxiliary targets per position
     * @param batch      positions per step
     * @param steps      steps to write, from step 0
     * @param info       entries added to {@code stream.json}
     * @param extra      writes further files into the temporary folder (null: none)
     * @throws UserInputException when {@code dir} exists and is not an empty folder
     */
    public static void write(Path dir, IndexedPositions source, Game game, int auxOutputs, int batch, long steps,
                             Map<String, Object> info, AtomicPaths.PathWriter extra) {
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("need batch ≥ 1 and steps ≥ 1, got " + batch + " and " + steps);
        }
        if (steps * batch > Integer.MAX_VALUE / Math.max(game.moves(), game.squares())) {
            throw new UserInputException("--steps " + steps + " × batch " + batch + " positions are too many for one"
                    + " stream folder; give fewer steps");
        }
        PositionDump.requireNewFolder(dir);
        int n = (int) (steps * batch);
        int squares = game.squares();
        int tokens = game.tokens();
        int moves = game.moves();
        byte[] board = new byte[n * squares];
        float[] value = new float[n];
        short[] policy = new short[n];
        boolean[] mask = new boolean[n * moves];
        float[] aux = new float[n * auxOutputs];
        int[] gameIds = new int[n];
        short[] ply = new short[n];
        byte[] symmetry = new byte[n];
        int[] step = new int[n];
        for (int s = 0; s < steps; s++) {
            long from = (long) s * batch;
            Batch b = source.read(from, batch); // the trainer's read of step s
            if (b.auxOutputs() != auxOutputs) {
                throw new IllegalArgumentException("batch has " + b.auxOutputs() + " aux outputs, expected " + auxOutputs);
            }
            int row = s * batch;
            for (int i = 0; i < batch; i++) {
                PositionRef ref = source.locate(from + i);
                System.arraycopy(b.tokenIds(), i * tokens, board, (row + i) * squares, squares);
                policy[row + i] = (short) b.policy()[i];
                gameIds[row + i] = ref.game();
                ply[row + i] = (short) ref.ply();
                symmetry[row + i] = (byte) ref.symmetry();
                step[row + i] = s;
            }
            System.arraycopy(b.value(), 0, value, row, batch);
            System.arraycopy(b.legal(), 0, mask, row * moves, batch * moves);
            System.arraycopy(b.aux(), 0, aux, row * auxOutputs, batch * auxOutputs);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "graft-training-stream");
        json.put("format_version", 1);
        json.put("batch_size", batch);
        json.put("steps", steps);
        json.put("positions", n);
        json.put("positions_per_epoch", source.positionsPerEpoch());
        json.put("game", Map.of("name", game.name(), "rows", game.rows(), "cols", game.cols()));
        json.put("aux_outputs", auxOutputs);
        json.putAll(info);
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        try {
            AtomicPaths.writeDirectory(dir, tmp -> {
                NpyFile.write(tmp.resolve("tokens.npy"), board, new int[] {n, squares});
                NpyFile.write(tmp.resolve("value.npy"), value, new int[] {n}, le);
                NpyFile.write(tmp.resolve("policy.npy"), policy, new int[] {n}, le);
                NpyFile.write(tmp.resolve("mask.npy"), mask, new int[] {n, moves});
                NpyFile.write(tmp.resolve("aux.npy"), aux, new int[] {n, auxOutputs}, le);
                NpyFile.write(tmp.resolve("game.npy"), gameIds, new int[] {n}, le);
                NpyFile.write(tmp.resolve("ply.npy"), ply, new int[] {n}, le);
                NpyFile.write(tmp.resolve("symmetry.npy"), symmetry, new int[] {n});
                NpyFile.write(tmp.resolve("step.npy"), step, new int[] {n}, le);
                Files.writeString(tmp.resolve(INFO), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(json) + "\n");
                if (extra != null) {
                    extra.write(tmp);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the training stream to " + dir + ": " + e.getMessage(), e);
        }
    }
}

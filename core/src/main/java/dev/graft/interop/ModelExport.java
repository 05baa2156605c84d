package dev.graft.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.model.AttentionProjection;
import dev.graft.model.ParameterLayout;
import dev.graft.model.PolicyPooling;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.train.Checkpoint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Transformer} as a NumPy {@code .npz} in TransformerLens-style names, float32, row-vector
 * convention ({@code x @ W}); see {@code docs/python.md} for every array and the {@code config} entry.
 *
 * <p>Reads the model only through its logical accessors ({@link Transformer#parameter(String)} for
 * named parameters, {@link Transformer#readHead} for attention heads), so the export does not depend on
 * how the model lays out its working arrays.
 */
public final class ModelExport {
    /** Name of the JSON text entry (UTF-8 bytes as a uint8 array). */
    public static final String CONFIG = "config";
    /** Format name in the config. */
    public static final String FORMAT = "graft-model-npz";
    /** Format version in the config. */
    public static final int FORMAT_VERSION = 1;
    /** The model's LayerNorm ε (every LayerNorm: biased variance). */
    public static final double LAYER_NORM_EPS = 1e-5;
    /** The GELU the model uses, as a formula. */
    public static final String GELU = "erf GELU: gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2))); graft's float32 path"
            + " evaluates erf with a rational approximation, absolute error below 4e-7";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelExport() {
    }

    /** The archive: every array in a fixed order, then {@code config}. */
    public static NpzArchive archive(Transformer model, Checkpoint source) {
        Game game = model.game();
        ModelShape s = model.shape();
        long d = s.dModel();
        NpzArchive npz = new NpzArchive();
        copy(npz, model, ParameterLayout.EMBED_STATE, game.squareStates() + 1, d);
        copy(npz, model, ParameterLayout.EMBED_POS, game.tokens(), d);
        for (int l = 0; l < s.layers(); l++) {
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.LN1_W), d);
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.LN1_B), d);
            for (AttentionProjection proj : AttentionProjection.values()) {
                heads(npz, model, proj, l);
            }
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.LN2_W), d);
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.LN2_B), d);
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.W_IN), d, s.dMlp());
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.B_IN), s.dMlp());
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.W_OUT), s.dMlp(), d);
            copy(npz, model, ParameterLayout.blockParameter(l, ParameterLayout.B_OUT), d);
        }
        copy(npz, model, ParameterLayout.LN_FINAL_W, d);
        copy(npz, model, ParameterLayout.LN_FINAL_B, d);
        copy(npz, model, ParameterLayout.VALUE_W, d, 1);
        copy(npz, model, ParameterLayout.VALUE_B, 1);
        int aux = model.auxOutputs();
        if (aux > 0) {
            copy(npz, model, ParameterLayout.AUX_W, d, aux);
            copy(npz, model, ParameterLayout.AUX_B, aux);
        } else {
            npz.addFloat32(ParameterLayout.AUX_W, new float[0], d, 0);
            npz.addFloat32(ParameterLayout.AUX_B, new float[0], 0);
        }
        int k = game.maxSquaresPerMove();
        long hidden = policyHidden(model);
        copy(npz, model, ParameterLayout.POLICY_W1, PolicyPooling.w1Rows(game, (int) d), hidden);
        copy(npz, model, ParameterLayout.POLICY_B1, hidden);
        copy(npz, model, ParameterLayout.POLICY_W2, hidden, 1);
        copy(npz, model, ParameterLayout.POLICY_B2, 1);
        if (model.parameterNames().contains(ParameterLayout.POLICY_EMPTY)) {
            copy(npz, model, ParameterLayout.POLICY_EMPTY, d);
        }
        npz.addInt32("policy.move_squares", moveSquares(game), game.moves(), k);
        npz.addText(CONFIG, json(config(model, source)));
        return npz;
    }

    /** Every number and definition needed to run the model, plus the checkpoint's provenance. */
    public static Map<String, Object> config(Transformer model, Checkpoint source) {
        Game game = model.game();
        ModelShape s = model.shape();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", FORMAT);
        c.put("format_version", FORMAT_VERSION);
        c.put("d_model", s.dModel());
        c.put("d_head", s.dHead());
        c.put("n_heads", s.heads());
        c.put("n_layers", s.layers());
        c.put("d_mlp", s.dMlp());
        c.put("d_vocab", game.squareStates() + 1);
        c.put("n_tokens", game.tokens());
        c.put("cls_token", game.clsToken());
        c.put("cls_position", game.tokens() - 1);
        c.put("moves", game.moves());
        c.put("squares_per_move", game.maxSquaresPerMove());
        c.put("policy_pooling", PolicyPooling.of(game).key());
        c.put("d_policy_hidden", policyHidden(model));
        c.put("aux_outputs", model.auxOutputs());
        c.put("layer_norm_eps", LAYER_NORM_EPS);
        c.put("layer_norm", "y = (x - mean(x)) / sqrt(var(x) + eps) * w + b over the last axis, biased variance");
        c.put("act_fn", "gelu_erf");
        c.put("gelu", GELU);
        c.put("attn_scale", 1.0 / Math.sqrt(s.dHead()));
        c.put("attention", "per head: softmax((ln1(x) @ W_Q) @ (ln1(x) @ W_K).T * attn_scale) over all tokens"
                + " (no mask, no biases) @ (ln1(x) @ W_V) @ W_O, summed over heads");
        c.put("block", "pre-LN: x = x + attn(ln1(x)); x = x + gelu(ln2(x) @ W_in + b_in) @ W_out + b_out");
        c.put("embedding", "x[t] = embed.W_state[token[t]] + pos_embed.W_pos[t]; tokens are the squares in"
                + " row-major order then the CLS token");
        c.put("heads", "h = ln_final(x); value_logit = h[cls] @ value.W + value.b; aux = h[cls] @ aux.W + aux.b;"
                + " policy_logit[m] = gelu(pool(m) @ policy.W1 + policy.b1) @ policy.W2 + policy.b2 (raw, illegal"
                + " moves not masked); pool(m) by policy_pooling: concat = concat(h[s] for s in move_squares[m]),"
                + " every move covering squares_per_move squares; mean = mean(h[s] for s in move_squares[m] if s >= 0)"
                + " (entries -1 are padding), or policy.empty for a move whose row is all -1 (a pass)");
        c.put("resid_post", "the CLS token's residual stream after each block, before ln_final");
        c.put("convention", "row vectors: x @ W; float32");
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("name", game.name());
        g.put("rows", game.rows());
        g.put("cols", game.cols());
        g.put("squares", game.squares());
        g.put("square_states", game.squareStates());
        Map<String, Object> provenance = provenance(source);
        if (provenance.get("game") instanceof Map<?, ?> pg && pg.get("options") != null) {
            g.put("options", pg.get("options"));
        }
        c.put("game", g);
        c.put("board_size", game.rows() == game.cols() ? game.rows() : List.of(game.rows(), game.cols()));
        Object auxiliary = provenance.get("auxiliary");
        c.put("auxiliary", auxiliary == null ? List.of() : auxiliary);
        c.put("auxiliary_tasks", auxiliaryNames(auxiliary));
        Map<String, Object> ck = new LinkedHashMap<>();
        ck.put("file", source.file().getFileName().toString());
        ck.put("label", source.label());
        ck.put("step", source.step());
        ck.put("spec_name", provenance.get("spec_name"));
        ck.put("spec_hash", provenance.get("spec_hash"));
        ck.put("seed", provenance.get("seed"));
        ck.put("provenance", provenance);
        c.put("checkpoint", ck);
        return c;
    }

    /** Move → the squares it covers, [moves × maxSquaresPerMove] row-major, padded with −1 (a pass: all −1). */
    public static int[] moveSquares(Game game) {
        int k = game.maxSquaresPerMove();
        int[] out = new int[game.moves() * k];
        java.util.Arrays.fill(out, -1);
        for (int m = 0; m < game.moves(); m++) {
            int[] sq = game.moveSquares(m);
            if (sq.length > k) {
                throw new IllegalStateException(game.name() + " move " + m + " covers " + sq.length
                        + " squares, but maxSquaresPerMove() is " + k);
            }
            System.arraycopy(sq, 0, out, m * k, sq.length);
        }
        return out;
    }

    private static String json(Map<String, Object> config) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config could not be written as JSON: " + e.getMessage(), e);
        }
    }

    private static long policyHidden(Transformer model) {
        return model.parameter(ParameterLayout.POLICY_B1).length();
    }

    private static Map<String, Object> provenance(Checkpoint source) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (source.meta().provenance() != null) {
            out.putAll(source.meta().provenance());
        }
        return out;
    }

    private static List<String> auxiliaryNames(Object auxiliary) {
        if (!(auxiliary instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .map(o -> o instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(o))
                .toList();
    }

    private static void copy(NpzArchive npz, Transformer model, String name, long... shape) {
        INDArray p = model.parameter(name);
        if (!Arrays.equals(p.shape(), shape)) {
            throw new IllegalStateException("parameter " + name + " has shape " + Arrays.toString(p.shape())
                    + ", the export expects " + Arrays.toString(shape));
        }
        npz.addFloat32(name, floats(p), shape);
    }

    private static void heads(NpzArchive npz, Transformer model, AttentionProjection proj, int layer) {
        ModelShape s = model.shape();
        int rows = proj == AttentionProjection.O ? s.dHead() : s.dModel();
        int cols = proj == AttentionProjection.O ? s.dModel() : s.dHead();
        float[] out = new float[s.heads() * rows * cols];
        for (int h = 0; h < s.heads(); h++) {
            float[][] m = model.readHead(proj, layer, h);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(m[r], 0, out, (h * rows + r) * cols, cols);
            }
        }
        npz.addFloat32(proj.parameterName(layer), out, s.heads(), rows, cols);
    }

    private static float[] floats(INDArray a) {
        INDArray c = Nd4j.toFlattened('c', a);
        return (c.dataType() == DataType.FLOAT ? c : c.castTo(DataType.FLOAT)).toFloatVector();
    }
}

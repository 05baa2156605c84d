package dev.graft.graft;

import dev.graft.data.AtomicPaths;
import dev.graft.model.ModelOutputs;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.ModelShape;
import org.jetbrains.bio.npy.NpyFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

/**
 * The study's check that a graft preserved the small model's function (EXPERIMENT.md, Grafting): on random
 * positions, the small model and the grafted large model truncated after its last written layer (then the
 * copied final LayerNorm and heads) give the same value, policy and auxiliary outputs within
 * {@link #TOLERANCE} (absolute, float32), and the CLS residual after each copied layer (small layer i against
 * the large layer holding it; with a wider stream, large dimension j against small dimension residualMap[j])
 * matches within {@link #TOLERANCE} × max(1, max |residual|): the stream grows with depth (to ≈ 11 after
 * three random layers of the study's size) and float32 rounding with it, while the outputs come after the
 * final LayerNorm. Every large layer up to the last written one is a copy or an identity block (silenced)
 * and part of the truncated model. Runs in float32 (or the models' own data type). The weight placement is
 * checked separately, for every plan, by {@link GraftPlacement}.
 */
public final class GraftVerifier {
    /** The largest absolute difference allowed, float32: the study's 1e-5. */
    public static final double TOLERANCE = 1e-5;

    private GraftVerifier() {
    }

    /**
     * Checks the graft and writes the residuals (see {@link #measure}).
     *
     * @return the differences, all within {@link #TOLERANCE}
     * @throws GraftCheckException      when a difference exceeds it (after the residual files are written)
     * @throws IllegalArgumentException when the plan is not of the function-preserving form (see {@link #measure})
     */
    public static GraftCheck verify(GraftPlan plan, Transformer small, Transformer large, int boards, long seed,
                                    Path checkDir) {
        GraftCheck check = measure(plan, small, large, boards, seed, checkDir);
        if (!check.passed()) {
            throw new GraftCheckException(check);
        }
        return check;
    }

    /**
     * Measures the differences without judging them. When {@code checkDir} is not null it receives, for each
     * copied layer with large index k, {@code small_layer<k>.npy} and {@code large_layer<k>.npy}: float32
     * [boards, d_model], the CLS residual after that layer of the small model and of the grafted large model
     * on the same positions, each written atomically.
     *
     * @param boards how many random positions (random legal play from the start to a random ply,
     *               deterministic in {@code seed}; see {@link #randomBoards})
     * @throws IllegalArgumentException when the plan does not copy embeddings, final norm and heads and each
     *                                  small layer 0…k−1 once into increasing large layers, with every large
     *                                  layer up to the last written one a copy or silenced, without noise:
     *                                  such a graft is not expected to preserve the function, so there is
     *                                  nothing to verify
     */
    public static GraftCheck measure(GraftPlan plan, Transformer small, Transformer large, int boards, long seed,
                                     Path checkDir) {
        if (boards < 1) {
            throw new IllegalArgumentException("the graft check needs at least 1 board, got " + boards);
        }
        Grafter.check(plan, small, large);
        requireFunctionPreserving(plan, small.shape());
        int[] residual = Grafter.residualMap(plan, small.shape(), large.shape());
        byte[] tokens = randomBoards(small.game(), boards, seed);

        Transformer truncated = truncate(large, plan.deepestLargeLayer() + 1);
        ModelOutputs a = small.predict(tokens, boards);
        ModelOutputs b = truncated.predict(tokens, boards);
        float[][][] ra = small.clsResiduals(tokens, boards);
        float[][][] rb = truncated.clsResiduals(tokens, boards);

        List<GraftCheck.LayerDiff> layers = new ArrayList<>();
        for (LayerCopy c : plan.copies()) {
            int i = c.smallLayer();
            layers.add(new GraftCheck.LayerDiff(i, c.largeLayer(), maxDiff(ra[i], rb[c.largeLayer()], residual),
                    TOLERANCE * Math.max(1.0, maxAbs(ra[i]))));
        }
        double value = maxDiff(new float[][] {a.value()}, new float[][] {b.value()});
        double policy = maxDiff(a.policy(), b.policy());
        double aux = small.auxOutputs() > 0 ? maxDiff(a.aux(), b.aux()) : 0.0;
        if (checkDir != null) {
            for (LayerCopy c : plan.copies()) {
                write(checkDir.resolve("small_layer" + c.largeLayer() + ".npy"), ra[c.smallLayer()]);
                write(checkDir.resolve("large_layer" + c.largeLayer() + ".npy"), rb[c.largeLayer()]);
            }
        }
        return GraftCheck.of(boards, TOLERANCE, value, policy, aux, layers);
    }

    /**
     * {@code boards} positions as model tokens ({@link Game#tokens()} per position, CLS last): each from the
     * start by uniformly random legal moves up to a uniformly random ply in [0, squares / squares per move]
     * (fewer if the game ends first). Deterministic in {@code seed}.
     */
    public static byte[] randomBoards(Game game, int boards, long seed) {
        Random rng = new Random(seed);
        int t = game.tokens();
        int maxPly = game.squares() / Math.max(1, game.maxSquaresPerMove());
        byte[] out = new byte[boards * t];
        for (int i = 0; i < boards; i++) {
            GameState state = game.newGame();
            int target = rng.nextInt(maxPly + 1);
            while (state.ply() < target && !state.isTerminal()) {
                int n = state.legalMoveCount();
                if (n == 0) {
                    break;
                }
                state.play(state.legalMove(rng.nextInt(n)));
            }
            state.tokens(out, i * t);
            out[i * t + game.squares()] = (byte) game.clsToken();
        }
        return out;
    }

    /**
     * Checks the plan has the function-preserving form: embeddings, final LayerNorm and heads copied, no noise,
     * small layers 0…k−1 each copied once into increasing large layers, and every large layer up to the last
     * one written either a copy or an identity block (silenced).
     */
    private static void requireFunctionPreserving(GraftPlan plan, ModelShape small) {
        List<String> problems = new ArrayList<>();
        if (!plan.copyEmbeddings()) {
            problems.add("the embeddings are not copied");
        }
        if (!plan.copyFinalNorm()) {
            problems.add("the final LayerNorm is not copied");
        }
        if (!plan.copyHeads()) {
            problems.add("the output heads are not copied");
        }
        if (plan.noise() > 0) {
            problems.add("it adds noise " + plan.noise() + " to duplicated units");
        }
        List<LayerCopy> copies = plan.copies();
        if (copies.size() != small.layers()) {
            problems.add("it copies " + copies.size() + " of the small model's " + small.layers() + " layers (each"
                    + " once is needed)");
        } else {
            for (int i = 0; i < copies.size(); i++) {
                LayerCopy c = copies.get(i);
                if (c.smallLayer() != i || (i > 0 && c.largeLayer() <= copies.get(i - 1).largeLayer())) {
                    problems.add("copy " + i + " sends small layer " + c.smallLayer() + " to large layer "
                            + c.largeLayer() + " where small layer " + i + " into a large layer after the previous"
                            + " copy's was expected");
                    break;
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        var written = new HashSet<>(plan.silencedLayers());
        copies.forEach(c -> written.add(c.largeLayer()));
        for (int j = 0; j <= plan.deepestLargeLayer(); j++) {
            if (!written.contains(j)) {
                missing.add(j);
            }
        }
        if (!missing.isEmpty()) {
            problems.add("large layers " + missing + " before the last written one are neither copied nor silenced");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("this graft is not expected to preserve the small model's function ("
                    + String.join("; ", problems) + "), so it cannot be verified; only grafts whose strategy says"
                    + " preservesFunction() are");
        }
    }

    /** The first {@code layers} layers of {@code large} with its embeddings, final LayerNorm and heads. */
    static Transformer truncate(Transformer large, int layers) {
        if (layers == large.shape().layers()) {
            return large;
        }
        ModelShape s = large.shape();
        Transformer t = new Transformer(large.game(), new ModelShape(s.dModel(), s.dHead(), s.heads(), layers, s.dMlp()),
                large.auxOutputs(), 0L, large.dataType());
        for (String name : t.parameterNames()) {
            t.parameter(name).assign(large.parameter(name));
        }
        return t;
    }

    /** max |a[·][map[j]] − b[·][j]| over every board and large dimension j; NaN if any difference is NaN. */
    private static double maxDiff(float[][] a, float[][] b, int[] map) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[i].length; j++) {
                double d = Math.abs((double) a[i][map[j]] - b[i][j]);
                if (Double.isNaN(d)) {
                    return d;
                }
                max = Math.max(max, d);
            }
        }
        return max;
    }

    /** max |a − b| over every entry; NaN if any difference is NaN. */
    private static double maxDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = Math.abs((double) a[i][j] - b[i][j]);
                if (Double.isNaN(d)) {
                    return d;
                }
                max = Math.max(max, d);
            }
        }
        return max;
    }

    private static double maxAbs(float[][] a) {
        double max = 0;
        for (float[] row : a) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static void write(Path file, float[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        try {
            AtomicPaths.writeFile(file, tmp -> NpyFile.write(tmp, flat, new int[] {n, d}, ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}

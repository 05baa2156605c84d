package dev.graft.model;

import dev.graft.model.Initialisation.Kind;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import dev.graft.data.Batch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * A pre-LayerNorm transformer encoder over a game's board tokens, with value, auxiliary and policy heads,
 * written as explicit ND4J ops with a hand-written backward pass and preallocated buffers.
 *
 * <p>Architecture: {@code x = embed.W_state[token] + pos_embed.W_pos[position]}; per block
 * {@code x += Attn(LN1(x)); x += MLP(LN2(x))} with full (non-causal) multi-head attention without
 * biases, scale 1/√d_head, and an MLP {@code W_out·gelu(W_in·x + b_in) + b_out} using the exact erf
 * GELU ({@link ErfGelu}); a final LayerNorm (all LayerNorms: weight and bias, ε = 1e-5, biased
 * variance); value head = linear(CLS) → 1 logit; aux head = linear(CLS) → auxOutputs values; policy
 * head: for each move with squares (s₁ … s_k), logit = W2·gelu(W1·concat(h[s₁] … h[s_k]) + b1) + b2
 * with hidden width d_model, h the final-LayerNorm output, when every move covers k squares; for games
 * whose moves differ in size (Othello's pass covers none) the mean of h over the move's squares, or the
 * learned {@code policy.empty} for a move of none, replaces the concat ({@link PolicyPooling}). Weights
 * use the x·W convention.
 *
 * <p>Initialisation, deterministic from the seed, by {@link Initialisation}: the study's scheme unless
 * another is given (embeddings N(0, 1), W_Q/W_K/W_V N(0, 1/d_model), W_O N(0, 1/d_head), linear
 * weights and biases U(±1/√fan_in), LayerNorm 1 and 0), or {@link Initialisation#SMALL_NORMAL}.
 *
 * <p>Parameters carry TransformerLens-style names and logical shapes (see {@link #parameterNames()});
 * attention weights are stored per head ([heads, d_model, d_head] and [heads, d_head, d_model]) and
 * fused into a [d_model, 3·heads·d_head] working copy for each forward pass. Not thread-safe.
 */
public final class Transformer implements TrainableModel {
    /** Standard deviation of the {@link Initialisation#SMALL_NORMAL} weights and embeddings. */
    public static final double INIT_STD = Initialisation.SMALL_NORMAL_STD;
    private static final int MAX_CACHED_WORKSPACES = 2;

    private final Game game;
    private final ModelShape shape;
    private final int auxOutputs;
    private final DataType dataType;
    private final int tokens;
    private final int states;
    private final double scale;
    private final Initialisation init;
    private Random initRng;

    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Map<String, INDArray> grads = new LinkedHashMap<>();

    private final INDArray wState, wPos, lnfW, lnfB, valueW, valueB, auxW, auxB, polW1, polB1, polW2, polB2;
    private final INDArray gState, gPos, gLnfW, gLnfB, gValueW, gValueB, gAuxW, gAuxB, gPolW1, gPolB1, gPolW2, gPolB2;
    private final Block[] blocks;
    private final INDArray dwqkv;
    /** Mean pooling of the policy head (null: concat); {@code policy.empty} and its gradient, or null. */
    private final PolicyPooling meanPool;
    private final INDArray polEmpty, gPolEmpty;

    private final Map<Integer, Workspace> workspaces = new LinkedHashMap<>();
    private int evalChunk = 64;
    /**
     * Data-parallel training: {@link #trainStep} splits each batch (of at least 2 positions) into two
     * halves, the second run by this twin, which shares every parameter array (and the fused QKV copies)
     * but has its own gradients and buffers; the halves' gradients are summed. The split is always made,
     * so results do not depend on how many threads run it; {@link #trainThreads} only says whether the
     * two halves run at once.
     */
    private Transformer twin;
    /** Positions per attention chunk; 0 (default) sizes chunks by {@link Workspace#ATTENTION_CHUNK_BYTES}. */
    private int attentionChunk;
    private int trainThreads = defaultTrainThreads();
    /** Profiling only: when set, each phase of a step charges its time here. */
    PhaseTimer timer;

    private void mark(String phase) {
        if (timer != null) {
            timer.mark(phase);
        }
    }

    /** Per-layer parameters, their gradients and the fused QKV working copy. */
    private static final class Block {
        INDArray ln1w, ln1b, wq, wk, wv, wo, ln2w, ln2b, win, bin, wout, bout;
        INDArray gln1w, gln1b, gwq, gwk, gwv, gwo, gln2w, gln2b, gwin, gbin, gwout, gbout;
        INDArray wqkv;
    }

    /** A float32 model with the study's initialisation. */
    public Transformer(Game game, ModelShape shape, int auxOutputs, long seed) {
        this(game, shape, auxOutputs, seed, DataType.FLOAT, Initialisation.DEFAULT);
    }

    /** A float32 model with the given initialisation. */
    public Transformer(Game game, ModelShape shape, int auxOutputs, long seed, Initialisation init) {
        this(game, shape, auxOutputs, seed, DataType.FLOAT, init);
    }

    /**
     * A model with the study's initialisation.
     *
     * @param dataType FLOAT for training; DOUBLE for gradient checks
     */
    public Transformer(Game game, ModelShape shape, int auxOutputs, long seed, DataType dataType) {
        this(game, shape, auxOutputs, seed, dataType, Initialisation.DEFAULT);
    }

    /**
     * @param dataType FLOAT for training; DOUBLE for gradient checks
     * @param init     how the parameters are drawn from {@code seed}
     */
    public Transformer(Game game, ModelShape shape, int auxOutputs, long seed, DataType dataType,
                       Initialisation init) {
        validate(game, shape, auxOutputs, dataType);
        this.init = java.util.Objects.requireNonNull(init, "init");
        this.game = game;
        this.shape = shape;
        this.auxOutputs = auxOutputs;
        this.dataType = dataType;
        this.tokens = game.tokens();
        this.states = game.squareStates() + 1;
        this.scale = 1.0 / Math.sqrt(shape.dHead());
        int d = shape.dModel();
        int e = shape.dHead();
        int hh = shape.heads();
        int f = shape.dMlp();
        this.initRng = new Random(seed);

        wState = add("embed.W_state", Kind.EMBEDDING, 0, states, d);
        gState = grads.get("embed.W_state");
        wPos = add("pos_embed.W_pos", Kind.EMBEDDING, 0, tokens, d);
        gPos = grads.get("pos_embed.W_pos");
        blocks = new Block[shape.layers()];
        for (int l = 0; l < shape.layers(); l++) {
            Block b = new Block();
            String p = "blocks." + l + ".";
            b.ln1w = add(p + "ln1.w", Kind.NORM_WEIGHT, 0, d);
            b.ln1b = add(p + "ln1.b", Kind.NORM_BIAS, 0, d);
            b.wq = add(p + "attn.W_Q", Kind.ATTENTION_QKV, 0, hh, d, e);
            b.wk = add(p + "attn.W_K", Kind.ATTENTION_QKV, 0, hh, d, e);
            b.wv = add(p + "attn.W_V", Kind.ATTENTION_QKV, 0, hh, d, e);
            b.wo = add(p + "attn.W_O", Kind.ATTENTION_OUT, 0, hh, e, d);
            b.ln2w = add(p + "ln2.w", Kind.NORM_WEIGHT, 0, d);
            b.ln2b = add(p + "ln2.b", Kind.NORM_BIAS, 0, d);
            b.win = add(p + "mlp.W_in", Kind.LINEAR_WEIGHT, d, d, f);
            b.bin = add(p + "mlp.b_in", Kind.LINEAR_BIAS, d, f);
            b.wout = add(p + "mlp.W_out", Kind.LINEAR_WEIGHT, f, f, d);
            b.bout = add(p + "mlp.b_out", Kind.LINEAR_BIAS, f, d);
            b.gln1w = grads.get(p + "ln1.w");
            b.gln1b = grads.get(p + "ln1.b");
            b.gwq = grads.get(p + "attn.W_Q");
            b.gwk = grads.get(p + "attn.W_K");
            b.gwv = grads.get(p + "attn.W_V");
            b.gwo = grads.get(p + "attn.W_O");
            b.gln2w = grads.get(p + "ln2.w");
            b.gln2b = grads.get(p + "ln2.b");
            b.gwin = grads.get(p + "mlp.W_in");
            b.gbin = grads.get(p + "mlp.b_in");
            b.gwout = grads.get(p + "mlp.W_out");
            b.gbout = grads.get(p + "mlp.b_out");
            b.wqkv = Nd4j.create(dataType, d, 3L * hh * e);
            blocks[l] = b;
        }
        lnfW = add("ln_final.w", Kind.NORM_WEIGHT, 0, d);
        lnfB = add("ln_final.b", Kind.NORM_BIAS, 0, d);
        valueW = add("value.W", Kind.LINEAR_WEIGHT, d, d, 1);
        valueB = add("value.b", Kind.LINEAR_BIAS, d, 1);
        if (auxOutputs > 0) {
            auxW = add("aux.W", Kind.LINEAR_WEIGHT, d, d, auxOutputs);
            auxB = add("aux.b", Kind.LINEAR_BIAS, d, auxOutputs);
            gAuxW = grads.get("aux.W");
            gAuxB = grads.get("aux.b");
        } else {
            auxW = null;
            auxB = null;
            gAuxW = null;
            gAuxB = null;
        }
        int w1Rows = PolicyPooling.w1Rows(game, d);
        polW1 = add("policy.W1", Kind.LINEAR_WEIGHT, w1Rows, (long) w1Rows, d);
        polB1 = add("policy.b1", Kind.LINEAR_BIAS, w1Rows, d);
        polW2 = add("policy.W2", Kind.LINEAR_WEIGHT, d, d, 1);
        polB2 = add("policy.b2", Kind.LINEAR_BIAS, d, 1);
        meanPool = PolicyPooling.of(game) == PolicyPooling.Rule.MEAN ? new PolicyPooling(game) : null;
        polEmpty = meanPool != null && PolicyPooling.hasEmptyMove(game)
                ? add("policy.empty", Kind.EMBEDDING, 0, d) : null;
        gPolEmpty = polEmpty == null ? null : grads.get("policy.empty");
        initRng = null;
        gLnfW = grads.get("ln_final.w");
        gLnfB = grads.get("ln_final.b");
        gValueW = grads.get("value.W");
        gValueB = grads.get("value.b");
        gPolW1 = grads.get("policy.W1");
        gPolB1 = grads.get("policy.b1");
        gPolW2 = grads.get("policy.W2");
        gPolB2 = grads.get("policy.b2");
        dwqkv = Nd4j.create(dataType, d, 3L * hh * e);
    }

    /** The data-parallel twin of {@code src}: the same parameter arrays, its own gradients and buffers. */
    private Transformer(Transformer src) {
        this.init = src.init;
        this.game = src.game;
        this.shape = src.shape;
        this.auxOutputs = src.auxOutputs;
        this.dataType = src.dataType;
        this.tokens = src.tokens;
        this.states = src.states;
        this.scale = src.scale;
        this.trainThreads = 1;
        this.attentionChunk = src.attentionChunk;
        for (Map.Entry<String, INDArray> p : src.params.entrySet()) {
            params.put(p.getKey(), p.getValue());
            grads.put(p.getKey(), Nd4j.create(dataType, p.getValue().shape()));
        }
        wState = src.wState;
        wPos = src.wPos;
        lnfW = src.lnfW;
        lnfB = src.lnfB;
        valueW = src.valueW;
        valueB = src.valueB;
        auxW = src.auxW;
        auxB = src.auxB;
        polW1 = src.polW1;
        polB1 = src.polB1;
        polW2 = src.polW2;
        polB2 = src.polB2;
        meanPool = src.meanPool; // immutable move → squares tables, safe to share between the halves
        polEmpty = src.polEmpty;
        gPolEmpty = polEmpty == null ? null : grads.get("policy.empty");
        gState = grads.get("embed.W_state");
        gPos = grads.get("pos_embed.W_pos");
        gLnfW = grads.get("ln_final.w");
        gLnfB = grads.get("ln_final.b");
        gValueW = grads.get("value.W");
        gValueB = grads.get("value.b");
        gAuxW = auxOutputs > 0 ? grads.get("aux.W") : null;
        gAuxB = auxOutputs > 0 ? grads.get("aux.b") : null;
        gPolW1 = grads.get("policy.W1");
        gPolB1 = grads.get("policy.b1");
        gPolW2 = grads.get("policy.W2");
        gPolB2 = grads.get("policy.b2");
        blocks = new Block[src.blocks.length];
        for (int l = 0; l < blocks.length; l++) {
            Block o = src.blocks[l];
            Block b = new Block();
            String p = "blocks." + l + ".";
            b.ln1w = o.ln1w;
            b.ln1b = o.ln1b;
            b.wq = o.wq;
            b.wk = o.wk;
            b.wv = o.wv;
            b.wo = o.wo;
            b.ln2w = o.ln2w;
            b.ln2b = o.ln2b;
            b.win = o.win;
            b.bin = o.bin;
            b.wout = o.wout;
            b.bout = o.bout;
            b.wqkv = o.wqkv;
            b.gln1w = grads.get(p + "ln1.w");
            b.gln1b = grads.get(p + "ln1.b");
            b.gwq = grads.get(p + "attn.W_Q");
            b.gwk = grads.get(p + "attn.W_K");
            b.gwv = grads.get(p + "attn.W_V");
            b.gwo = grads.get(p + "attn.W_O");
            b.gln2w = grads.get(p + "ln2.w");
            b.gln2b = grads.get(p + "ln2.b");
            b.gwin = grads.get(p + "mlp.W_in");
            b.gbin = grads.get(p + "mlp.b_in");
            b.gwout = grads.get(p + "mlp.W_out");
            b.gbout = grads.get(p + "mlp.b_out");
            blocks[l] = b;
        }
        dwqkv = Nd4j.create(dataType, src.dwqkv.shape());
    }

    private static int defaultTrainThreads() {
        // Two halves at once only when each can have a core of its own at ND4J's native thread count.
        int nativeThreads = Math.max(1, Nd4j.getEnvironment().maxThreads());
        return Runtime.getRuntime().availableProcessors() >= 2 * nativeThreads ? 2 : 1;
    }

    /**
     * How many threads a {@link #trainStep} uses for its two half-batches: 2 runs them at once (the
     * default when the machine has a core per half at ND4J's native thread count), 1 one after the
     * other. The results are the same either way.
     */
    public void setTrainThreads(int threads) {
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("train threads must be 1 or 2, got " + threads);
        }
        this.trainThreads = threads;
    }

    /** Tests only: positions per attention chunk (0: by size); drops the cached buffers. */
    void setAttentionChunk(int positions) {
        this.attentionChunk = positions;
        releaseBuffers();
        if (twin != null) {
            twin.attentionChunk = positions;
        }
    }

    /** See {@link #setTrainThreads}. */
    public int trainThreads() {
        return trainThreads;
    }

    private static void validate(Game game, ModelShape s, int auxOutputs, DataType dt) {
        if (s.dModel() <= 0 || s.dHead() <= 0 || s.heads() <= 0 || s.layers() < 0 || s.dMlp() <= 0) {
            throw new IllegalArgumentException("model shape " + s + ": d_model, d_head, heads and d_mlp must be"
                    + " positive and layers non-negative");
        }
        if (auxOutputs < 0) {
            throw new IllegalArgumentException("auxOutputs is " + auxOutputs + "; use 0 for no auxiliary head");
        }
        if (game.maxSquaresPerMove() < 1) {
            throw new IllegalArgumentException("game '" + game.name() + "' has maxSquaresPerMove() = "
                    + game.maxSquaresPerMove() + "; the policy head needs moves that cover at least 1 square");
        }
        if (dt != DataType.FLOAT && dt != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type " + dt + " is not supported; use FLOAT or DOUBLE");
        }
    }

    /** Adds a parameter drawn by {@link #init} ({@code fanIn}: the input width of its linear layer, else 0). */
    private INDArray add(String name, Kind kind, int fanIn, long... shape) {
        INDArray p = Nd4j.create(dataType, shape);
        double[] values = init.draw(kind, (int) p.length(), this.shape.dModel(), this.shape.dHead(), fanIn, initRng);
        p.assign(Nd4j.createFromArray(values).reshape(shape).castTo(dataType));
        params.put(name, p);
        grads.put(name, Nd4j.create(dataType, shape));
        return p;
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public ModelShape shape() {
        return shape;
    }

    public Game game() {
        return game;
    }

    public int auxOutputs() {
        return auxOutputs;
    }

    public DataType dataType() {
        return dataType;
    }

    /** How the parameters were drawn before training. */
    public Initialisation initialisation() {
        return init;
    }

    /**
     * Names in this order: {@code embed.W_state} [states+1, d_model], {@code pos_embed.W_pos} [tokens, d_model];
     * per layer l: {@code blocks.l.ln1.w|b} [d_model], {@code blocks.l.attn.W_Q|W_K|W_V}
     * [heads, d_model, d_head], {@code blocks.l.attn.W_O} [heads, d_head, d_model], {@code blocks.l.ln2.w|b},
     * {@code blocks.l.mlp.W_in} [d_model, d_mlp], {@code b_in} [d_mlp], {@code W_out} [d_mlp, d_model],
     * {@code b_out} [d_model]; then {@code ln_final.w|b}, {@code value.W} [d_model, 1], {@code value.b} [1],
     * {@code aux.W} [d_model, aux], {@code aux.b} [aux] (only with an aux head), {@code policy.W1}
     * [k·d_model, d_model], {@code policy.b1} [d_model], {@code policy.W2} [d_model, 1], {@code policy.b2} [1];
     * with mean pooling ({@link PolicyPooling}) {@code policy.W1} is [d_model, d_model], followed, when some
     * move covers no square, by {@code policy.empty} [d_model].
     */
    @Override
    public List<String> parameterNames() {
        return List.copyOf(params.keySet());
    }

    @Override
    public List<INDArray> parameters() {
        return List.copyOf(params.values());
    }

    @Override
    public List<INDArray> gradients() {
        return List.copyOf(grads.values());
    }

    /** Parameters by name, in {@link #parameterNames()} order (the arrays themselves, writable). */
    public Map<String, INDArray> namedParameters() {
        return Collections.unmodifiableMap(params);
    }

    /** Names, shapes and per-head/per-neuron axes of this model's parameters, in {@link #parameterNames()} order. */
    public ParameterLayout layout() {
        return ParameterLayout.of(game, shape, auxOutputs);
    }

    /** The parameter array called {@code name}; writes change the model. */
    public INDArray parameter(String name) {
        INDArray p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + params.keySet());
        }
        return p;
    }

    /** The gradient array of parameter {@code name}, as the last {@link #trainStep} left it. */
    public INDArray gradient(String name) {
        parameter(name);
        return grads.get(name);
    }

    /** A writable view of one head's matrix: [d_model, d_head] for Q/K/V, [d_head, d_model] for O. */
    public INDArray head(AttentionProjection projection, int layer, int head) {
        checkLayer(layer);
        if (head < 0 || head >= shape.heads()) {
            throw new IllegalArgumentException("head " + head + " is outside 0.." + (shape.heads() - 1));
        }
        return parameter(projection.parameterName(layer)).get(point(head), all(), all());
    }

    /** A copy of one head's matrix. */
    public float[][] readHead(AttentionProjection projection, int layer, int head) {
        return head(projection, layer, head).toFloatMatrix();
    }

    /** Overwrites one head's matrix; {@code values} has the shape {@link #head} gives. */
    public void writeHead(AttentionProjection projection, int layer, int head, float[][] values) {
        INDArray view = head(projection, layer, head);
        INDArray v = Nd4j.createFromArray(values).castTo(dataType);
        if (!java.util.Arrays.equals(v.shape(), view.shape())) {
            throw new IllegalArgumentException(projection.parameterName(layer) + " head " + head + " is "
                    + java.util.Arrays.toString(view.shape()) + ", values are " + java.util.Arrays.toString(v.shape()));
        }
        view.assign(v);
    }

    /** A writable view of MLP neuron n's input weights: column n of {@code W_in} [d_model]. */
    public INDArray neuronIn(int layer, int neuron) {
        checkNeuron(layer, neuron);
        return blocks[layer].win.getColumn(neuron);
    }

    /** A writable view of MLP neuron n's output weights: row n of {@code W_out} [d_model]. */
    public INDArray neuronOut(int layer, int neuron) {
        checkNeuron(layer, neuron);
        return blocks[layer].wout.getRow(neuron);
    }

    private void checkNeuron(int layer, int neuron) {
        checkLayer(layer);
        if (neuron < 0 || neuron >= shape.dMlp()) {
            throw new IllegalArgumentException("MLP neuron " + neuron + " is outside 0.." + (shape.dMlp() - 1));
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= shape.layers()) {
            throw new IllegalArgumentException("layer " + layer + " is outside 0.." + (shape.layers() - 1));
        }
    }

    /** Positions per forward pass in {@link #evaluate}, {@link #predict} and {@link #clsResiduals} (default 64). */
    public void setEvaluationChunk(int positions) {
        if (positions < 1) {
            throw new IllegalArgumentException("evaluation chunk must be at least 1 position, got " + positions);
        }
        this.evalChunk = positions;
    }

    /** Drops the cached activation buffers (they are reallocated on the next pass). */
    public void releaseBuffers() {
        workspaces.clear();
        if (twin != null) {
            twin.releaseBuffers();
        }
    }

    // ---------------------------------------------------------------- training and evaluation

    @Override
    public LossParts trainStep(Batch batch, LossWeights weights) {
        checkBatch(batch);
        boolean useAux = useAux(batch, weights);
        int n = batch.size();
        if (n < 2) {
            Workspace ws = workspace(n);
            forward(ws, batch.tokenIds(), 0, n, null);
            HeadLosses losses = HeadLosses.compute(batch, weights, ws.valueOut.data().asDouble(),
                    ws.logits.data().asDouble(), auxValues(ws), auxOutputs, useAux);
            mark("losses");
            backward(ws, losses, useAux);
            return losses.parts(weights, useAux);
        }
        if (twin == null) {
            twin = new Transformer(this);
        }
        int na = (n + 1) / 2;
        int nb = n - na;
        Workspace wa = workspace(na);
        Workspace wb = twin.workspace(nb);
        if (timer != null) {
            timer.restart();
        }
        refreshFused();
        mark("f.refreshFused");
        inHalves(() -> forward(wa, batch.tokenIds(), 0, na, null, false),
                () -> twin.forward(wb, batch.tokenIds(), na, nb, null, false));
        int moves = game.moves();
        double[] value = new double[n];
        double[] logits = new double[n * moves];
        double[] aux = new double[auxOutputs > 0 ? n * auxOutputs : 0];
        System.arraycopy(wa.valueOut.data().asDouble(), 0, value, 0, na);
        System.arraycopy(wb.valueOut.data().asDouble(), 0, value, na, nb);
        System.arraycopy(wa.logits.data().asDouble(), 0, logits, 0, na * moves);
        System.arraycopy(wb.logits.data().asDouble(), 0, logits, na * moves, nb * moves);
        if (auxOutputs > 0) {
            System.arraycopy(wa.auxOut.data().asDouble(), 0, aux, 0, na * auxOutputs);
            System.arraycopy(wb.auxOut.data().asDouble(), 0, aux, na * auxOutputs, nb * auxOutputs);
        }
        HeadLosses losses = HeadLosses.compute(batch, weights, value, logits, aux, auxOutputs, useAux);
        mark("losses");
        HeadLosses la = losses.slice(0, na, moves);
        HeadLosses lb = losses.slice(na, nb, moves);
        inHalves(() -> backward(wa, la, useAux), () -> twin.backward(wb, lb, useAux));
        for (Map.Entry<String, INDArray> g : grads.entrySet()) {
            g.getValue().addi(twin.grads.get(g.getKey()));
        }
        mark("gradSum");
        return losses.parts(weights, useAux);
    }

    private static final java.util.concurrent.ExecutorService HALVES = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread th = new Thread(r, "graft-train-half");
                th.setDaemon(true);
                return th;
            });

    /** Runs {@code first} on this thread and {@code second} on a worker (at once) or after it. */
    private void inHalves(Runnable first, Runnable second) {
        if (trainThreads < 2) {
            first.run();
            second.run();
            return;
        }
        java.util.concurrent.Future<?> other = HALVES.submit(second);
        Throwable failure = null;
        try {
            first.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the second half-batch ran", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (failure == null) {
                failure = e.getCause();
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public Evaluation evaluate(Batch batch, LossWeights weights) {
        checkBatch(batch);
        boolean useAux = useAux(batch, weights);
        int n = batch.size();
        double value = 0;
        double policy = 0;
        double aux = 0;
        double total = 0;
        long valueCorrect = 0;
        long policyCorrect = 0;
        for (int from = 0; from < n; from += evalChunk) {
            int count = Math.min(evalChunk, n - from);
            Batch part = slice(batch, from, count);
            Workspace ws = workspace(evalChunk);
            forward(ws, batch.tokenIds(), from, count, null);
            double[] v = java.util.Arrays.copyOf(ws.valueOut.data().asDouble(), count);
            double[] p = java.util.Arrays.copyOf(ws.logits.data().asDouble(), count * batch.moves());
            double[] a = java.util.Arrays.copyOf(auxValues(ws), count * auxOutputs);
            HeadLosses l = HeadLosses.compute(part, weights, v, p, a, auxOutputs, useAux);
            LossParts lp = l.parts(weights, useAux);
            value += lp.value() * count;
            policy += lp.policy() * count;
            aux += lp.aux() * count;
            total += lp.total() * count;
            valueCorrect += l.valueCorrect;
            policyCorrect += l.policyCorrect;
        }
        return new Evaluation(new LossParts(total / n, value / n, policy / n, aux / n),
                (double) valueCorrect / n, (double) policyCorrect / n, n);
    }

    /** Forward only: value logits, policy logits (illegal moves not masked) and aux outputs of n positions. */
    public ModelOutputs predict(byte[] tokenIds, int n) {
        return predictWithResiduals(tokenIds, n).outputs();
    }

    /**
     * The CLS token's residual-stream activation after each layer (before the final LayerNorm), for probes.
     *
     * @return [layers][n][d_model]
     */
    public float[][][] clsResiduals(byte[] tokenIds, int n) {
        return predictWithResiduals(tokenIds, n).clsResiduals();
    }

    /**
     * One forward pass over n positions giving both what {@link #predict} and what {@link #clsResiduals}
     * give (probes and {@code graft predict} need both; two calls would run the model twice).
     */
    public ForwardResult predictWithResiduals(byte[] tokenIds, int n) {
        checkTokens(tokenIds, n);
        int layers = shape.layers();
        float[] value = new float[n];
        float[][] policy = new float[n][];
        float[][] aux = new float[n][];
        float[][][] cls = new float[layers][n][];
        for (int from = 0; from < n; from += evalChunk) {
            int count = Math.min(evalChunk, n - from);
            float[][][] part = new float[layers][][];
            ModelOutputs out = forwardChunk(tokenIds, from, count, part);
            System.arraycopy(out.value(), 0, value, from, count);
            System.arraycopy(out.policy(), 0, policy, from, count);
            System.arraycopy(out.aux(), 0, aux, from, count);
            for (int l = 0; l < layers; l++) {
                System.arraycopy(part[l], 0, cls[l], from, count);
            }
        }
        return new ForwardResult(new ModelOutputs(value, policy, aux), cls);
    }

    private ModelOutputs forwardChunk(byte[] tokenIds, int from, int count, float[][][] clsOut) {
        Workspace ws = workspace(evalChunk);
        forward(ws, tokenIds, from, count, clsOut);
        float[] value = new float[count];
        float[] v = ws.valueOut.data().asFloat();
        System.arraycopy(v, 0, value, 0, count);
        float[] logits = ws.logits.data().asFloat();
        int moves = game.moves();
        float[][] policy = new float[count][moves];
        for (int i = 0; i < count; i++) {
            System.arraycopy(logits, i * moves, policy[i], 0, moves);
        }
        float[][] aux = new float[count][auxOutputs];
        if (auxOutputs > 0) {
            float[] a = ws.auxOut.data().asFloat();
            for (int i = 0; i < count; i++) {
                System.arraycopy(a, i * auxOutputs, aux[i], 0, auxOutputs);
            }
        }
        return new ModelOutputs(value, policy, aux);
    }

    private boolean useAux(Batch batch, LossWeights weights) {
        return weights.aux() != 0 && auxOutputs > 0 && batch.auxOutputs() > 0;
    }

    private double[] auxValues(Workspace ws) {
        return auxOutputs > 0 ? ws.auxOut.data().asDouble() : new double[0];
    }

    private void checkBatch(Batch batch) {
        if (batch.tokens() != tokens || batch.moves() != game.moves()) {
            throw new IllegalArgumentException("batch has " + batch.tokens() + " tokens and " + batch.moves()
                    + " moves per position, but the model's game '" + game.name() + "' has " + tokens
                    + " and " + game.moves());
        }
        if (batch.auxOutputs() != 0 && auxOutputs != 0 && batch.auxOutputs() != auxOutputs) {
            throw new IllegalArgumentException("batch has " + batch.auxOutputs() + " auxiliary targets per position,"
                    + " but the model's aux head has " + auxOutputs);
        }
        if (batch.size() < 1) {
            throw new IllegalArgumentException("batch is empty");
        }
        checkTokens(batch.tokenIds(), batch.size());
    }

    private void checkTokens(byte[] tokenIds, int n) {
        if (tokenIds.length < (long) n * tokens) {
            throw new IllegalArgumentException("token array holds " + tokenIds.length + " ids, but " + n
                    + " positions of " + tokens + " tokens need " + (long) n * tokens);
        }
        for (int i = 0; i < n * tokens; i++) {
            if (tokenIds[i] < 0 || tokenIds[i] >= states) {
                throw new IllegalArgumentException("token id " + tokenIds[i] + " at position " + (i / tokens)
                        + ", token " + (i % tokens) + " is outside 0.." + (states - 1));
            }
        }
    }

    private static Batch slice(Batch b, int from, int count) {
        byte[] t = java.util.Arrays.copyOfRange(b.tokenIds(), from * b.tokens(), (from + count) * b.tokens());
        float[] v = java.util.Arrays.copyOfRange(b.value(), from, from + count);
        int[] p = java.util.Arrays.copyOfRange(b.policy(), from, from + count);
        boolean[] legal = java.util.Arrays.copyOfRange(b.legal(), from * b.moves(), (from + count) * b.moves());
        float[] a = java.util.Arrays.copyOfRange(b.aux(), from * b.auxOutputs(), (from + count) * b.auxOutputs());
        return new Batch(count, b.tokens(), b.moves(), b.auxOutputs(), t, v, p, legal, a);
    }

    private Workspace workspace(int batch) {
        Workspace ws = workspaces.remove(batch);
        if (ws == null) {
            if (workspaces.size() >= MAX_CACHED_WORKSPACES) {
                Integer oldest = workspaces.keySet().iterator().next();
                workspaces.remove(oldest);
            }
            ws = new Workspace(game, shape, auxOutputs, batch, dataType, attentionChunk);
        }
        workspaces.put(batch, ws);
        return ws;
    }

    // ---------------------------------------------------------------- forward

    /** Copies the per-head Q, K, V weights (Q pre-scaled by 1/√d_head) into each block's fused matrix. */
    private void refreshFused() {
        int d = shape.dModel();
        int hh = shape.heads();
        int e = shape.dHead();
        for (Block b : blocks) {
            INDArray view = b.wqkv.reshape(d, 3, hh, e);
            view.get(all(), point(0), all(), all()).assign(b.wq.permute(1, 0, 2)).muli(scale);
            view.get(all(), point(1), all(), all()).assign(b.wk.permute(1, 0, 2));
            view.get(all(), point(2), all(), all()).assign(b.wv.permute(1, 0, 2));
        }
    }

    /**
     * Runs positions {@code [from, from+count)} of {@code tokenIds} through the model into {@code ws}; rows
     * past {@code count} (when ws is larger) repeat the first position. When {@code clsOut} is given, it
     * receives each layer's CLS residual [count][d_model].
     */
    private void forward(Workspace ws, byte[] tokenIds, int from, int count, float[][][] clsOut) {
        forward(ws, tokenIds, from, count, clsOut, true);
    }

    /** As above; {@code refresh} false when the caller has already refreshed the fused QKV weights. */
    private void forward(Workspace ws, byte[] tokenIds, int from, int count, float[][][] clsOut, boolean refresh) {
        if (refresh) {
            if (timer != null) {
                timer.restart();
            }
            refreshFused();
            mark("f.refreshFused");
        }
        int bsz = ws.batch;
        int d = shape.dModel();
        int e = shape.dHead();
        int hh = shape.heads();
        int t = tokens;

        double[] onehot = new double[ws.n * states];
        for (int b = 0; b < bsz; b++) {
            int src = (from + (b < count ? b : 0)) * t;
            for (int i = 0; i < t; i++) {
                onehot[(b * t + i) * states + tokenIds[src + i]] = 1.0;
            }
        }
        ws.onehot.assign(Nd4j.createFromArray(onehot).reshape(ws.n, states).castTo(dataType));
        INDArray x = ws.x;
        Nd4j.gemm(ws.onehot, wState, x, false, false, 1.0, 0.0);
        x.reshape(bsz, (long) t * d).addiRowVector(wPos.reshape(1, (long) t * d));
        mark("f.embed");

        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            // attention
            LayerNormKernel.forward(x, b.ln1w, b.ln1b, ws.xhat1[l], ws.rstd1[l], ws.mean, ws.sq, ws.ln1[l]);
            mark("f.ln");
            Nd4j.gemm(ws.ln1[l], b.wqkv, ws.qkv, false, false, 1.0, 0.0);
            mark("f.qkv.gemm");
            INDArray qkv5 = ws.qkv.reshape(bsz, t, 3, hh, e);
            ws.q[l].assign(qkv5.get(all(), all(), point(0), all(), all()).permute(0, 2, 1, 3));
            ws.k[l].assign(qkv5.get(all(), all(), point(1), all(), all()).permute(0, 2, 1, 3));
            ws.v[l].assign(qkv5.get(all(), all(), point(2), all(), all()).permute(0, 2, 1, 3));
            mark("f.qkv.split");
            for (int c0 = 0; c0 < bsz; c0 += ws.attnChunk) {
                int len = Math.min(ws.attnChunk, bsz - c0);
                INDArray sc = positions(ws.scores, 0, len);
                INDArray pr = positions(ws.probs, 0, len);
                Nd4j.matmul(positions(ws.q[l], c0, len), positions(ws.k[l], c0, len), sc, false, true, false);
                mark("f.attn.QK");
                Nd4j.exec(new SoftMax(sc, pr, 3));
                mark("f.attn.softmax");
                Nd4j.matmul(pr, positions(ws.v[l], c0, len), positions(ws.heads, c0, len), false, false, false);
                mark("f.attn.PV");
            }
            ws.merged[l].reshape(bsz, t, hh, e).assign(ws.heads.permute(0, 2, 1, 3));
            mark("f.attn.merge");
            Nd4j.gemm(ws.merged[l], b.wo.reshape((long) hh * e, d), x, false, false, 1.0, 1.0);
            mark("f.attn.O");
            // MLP
            LayerNormKernel.forward(x, b.ln2w, b.ln2b, ws.xhat2[l], ws.rstd2[l], ws.mean, ws.sq, ws.ln2[l]);
            mark("f.ln");
            Nd4j.gemm(ws.ln2[l], b.win, ws.hpre[l], false, false, 1.0, 0.0);
            ws.hpre[l].addiRowVector(b.bin);
            mark("f.mlp.in");
            ErfGelu.forward(ws.hpre[l], ws.hcdf, ws.hact);
            mark("f.mlp.gelu");
            Nd4j.gemm(ws.hact, b.wout, x, false, false, 1.0, 1.0);
            x.addiRowVector(b.bout);
            mark("f.mlp.out");
            if (clsOut != null) {
                float[][] all = x.reshape(bsz, t, d).get(all(), point(t - 1), all()).toFloatMatrix();
                clsOut[l] = java.util.Arrays.copyOf(all, count);
            }
        }

        LayerNormKernel.forward(x, lnfW, lnfB, ws.xhatF, ws.rstdF, ws.mean, ws.sq, ws.h);
        mark("f.ln");
        ws.cls.assign(ws.h.reshape(bsz, t, d).get(all(), point(t - 1), all()));
        Nd4j.gemm(ws.cls, valueW, ws.valueOut, false, false, 1.0, 0.0);
        ws.valueOut.addiRowVector(valueB);
        if (auxOutputs > 0) {
            Nd4j.gemm(ws.cls, auxW, ws.auxOut, false, false, 1.0, 0.0);
            ws.auxOut.addiRowVector(auxB);
        }
        mark("f.valueAux");
        if (meanPool != null) {
            forwardMeanPool(ws, bsz);
        } else {
        int k = game.maxSquaresPerMove();
        for (int j = 0; j < k; j++) {
            Nd4j.gemm(ws.h, polW1Block(polW1, j), ws.perSquare[j], false, false, 1.0, 0.0);
            ws.gather.gather(j, ws.perSquare[j], j == 0 ? ws.pz : ws.ptmp);
            if (j > 0) {
                ws.pz.addi(ws.ptmp);
            }
        }
        }
        ws.pz.addiRowVector(polB1);
        ErfGelu.forward(ws.pz, ws.pcdf, ws.pg);
        Nd4j.gemm(ws.pg, polW2, ws.logits, false, false, 1.0, 0.0);
        ws.logits.addiRowVector(polB2);
        mark("f.policy");
    }

    /** Mean pooling: pz = pool(h·W1) with policy.empty·W1 for a move of no square (pooling commutes with W1). */
    private void forwardMeanPool(Workspace ws, int bsz) {
        Nd4j.gemm(ws.h, polW1, ws.perSquare[0], false, false, 1.0, 0.0);
        INDArray emptyRow = null;
        if (polEmpty != null) {
            emptyRow = Nd4j.create(dataType, 1, shape.dModel());
            Nd4j.gemm(polEmpty.reshape(1, shape.dModel()), polW1, emptyRow, false, false, 1.0, 0.0);
        }
        meanPool.forward(bsz, ws.perSquare[0], emptyRow, ws.pz);
    }

    /** Backward of {@link #forwardMeanPool}: fills gPolW1, gPolEmpty and dh from dz. */
    private void backwardMeanPool(Workspace ws, int bsz, INDArray dz, INDArray dh) {
        int d = shape.dModel();
        INDArray dEmpty = polEmpty == null ? null : Nd4j.create(dataType, 1, d);
        meanPool.backward(bsz, dz, ws.dPerSquare[0], dEmpty);
        Nd4j.gemm(ws.h, ws.dPerSquare[0], gPolW1, true, false, 1.0, 0.0);
        Nd4j.gemm(ws.dPerSquare[0], polW1, dh, false, true, 1.0, 0.0);
        if (polEmpty != null) {
            Nd4j.gemm(polEmpty.reshape(1, d), dEmpty, gPolW1, true, false, 1.0, 1.0);
            Nd4j.gemm(dEmpty, polW1, gPolEmpty.reshape(1, d), false, true, 1.0, 0.0);
        }
    }

    /** Positions [from, from+count) of a [B, …] array: the array itself when that is all of it. */
    private static INDArray positions(INDArray a, int from, int count) {
        if (from == 0 && count == a.size(0)) {
            return a;
        }
        return a.get(NDArrayIndex.interval(from, from + count), all(), all(), all());
    }

    private INDArray polW1Block(INDArray w1, int j) {
        long d = shape.dModel();
        return w1.get(NDArrayIndex.interval(j * d, (j + 1) * d), all());
    }

    // ---------------------------------------------------------------- backward

    private void backward(Workspace ws, HeadLosses losses, boolean useAux) {
        int bsz = ws.batch;
        int d = shape.dModel();
        int e = shape.dHead();
        int hh = shape.heads();
        int t = tokens;

        // value and aux heads
        ws.dValue.assign(Nd4j.createFromArray(losses.dValue).reshape(bsz, 1).castTo(dataType));
        Nd4j.gemm(ws.cls, ws.dValue, gValueW, true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesB, ws.dValue, gValueB.reshape(1, 1), false, false, 1.0, 0.0);
        Nd4j.gemm(ws.dValue, valueW, ws.dcls, false, true, 1.0, 0.0);
        if (auxOutputs > 0) {
            if (useAux) {
                ws.dAux.assign(Nd4j.createFromArray(losses.dAux).reshape(bsz, auxOutputs).castTo(dataType));
                Nd4j.gemm(ws.cls, ws.dAux, gAuxW, true, false, 1.0, 0.0);
                Nd4j.gemm(ws.onesB, ws.dAux, gAuxB.reshape(1, auxOutputs), false, false, 1.0, 0.0);
                Nd4j.gemm(ws.dAux, auxW, ws.dcls, false, true, 1.0, 1.0);
            } else {
                gAuxW.assign(0);
                gAuxB.assign(0);
            }
        }

        // policy head
        int r = bsz * game.moves();
        ws.dLogits.assign(Nd4j.createFromArray(losses.dPolicy).reshape(r, 1).castTo(dataType));
        Nd4j.gemm(ws.pg, ws.dLogits, gPolW2, true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesR, ws.dLogits, gPolB2.reshape(1, 1), false, false, 1.0, 0.0);
        INDArray dz = ws.ptmp;
        Nd4j.gemm(ws.dLogits, polW2, dz, false, true, 1.0, 0.0);
        ErfGelu.backward(ws.pz, ws.pcdf, dz, ws.pg);
        Nd4j.gemm(ws.onesR, dz, gPolB1.reshape(1, d), false, false, 1.0, 0.0);
        INDArray dh = ws.dln;
        if (meanPool != null) {
            backwardMeanPool(ws, bsz, dz, dh);
        }
        for (int j = 0; meanPool == null && j < game.maxSquaresPerMove(); j++) {
            ws.gather.scatterAdd(j, dz, ws.dPerSquare[j]);
            Nd4j.gemm(ws.h, ws.dPerSquare[j], polW1Block(gPolW1, j), true, false, 1.0, 0.0);
            Nd4j.gemm(ws.dPerSquare[j], polW1Block(polW1, j), dh, false, true, 1.0, j == 0 ? 0.0 : 1.0);
        }
        dh.reshape(bsz, t, d).get(all(), point(t - 1), all()).addi(ws.dcls);
        mark("b.policyValueAux");

        // final LayerNorm
        INDArray dx = ws.dx;
        dx.assign(0);
        LayerNormKernel.backward(dh, lnfW, ws.xhatF, ws.rstdF, dx, gLnfW, gLnfB, ws.onesN, ws.sq, ws.dln2,
                ws.mean, ws.mean2);
        mark("b.ln");

        for (int l = blocks.length - 1; l >= 0; l--) {
            Block b = blocks[l];
            // MLP
            Nd4j.gemm(dx, b.wout, ws.dhid, false, true, 1.0, 0.0);
            mark("b.mlp.out");
            // gelu and gelu' again from the pre-activation (nothing of the GELU is kept per layer)
            ErfGelu.backwardFromInput(ws.hpre[l], ws.dhid, ws.hact, ws.hcdf, ws.hscratch);
            mark("b.mlp.gelu");
            Nd4j.gemm(ws.hact, dx, b.gwout, true, false, 1.0, 0.0);
            Nd4j.gemm(ws.onesN, dx, b.gbout.reshape(1, d), false, false, 1.0, 0.0);
            mark("b.mlp.out");
            Nd4j.gemm(ws.ln2[l], ws.dhid, b.gwin, true, false, 1.0, 0.0);
            Nd4j.gemm(ws.onesN, ws.dhid, b.gbin.reshape(1, shape.dMlp()), false, false, 1.0, 0.0);
            Nd4j.gemm(ws.dhid, b.win, ws.dln, false, true, 1.0, 0.0);
            mark("b.mlp.in");
            LayerNormKernel.backward(ws.dln, b.ln2w, ws.xhat2[l], ws.rstd2[l], dx, b.gln2w, b.gln2b, ws.onesN,
                    ws.sq, ws.dln2, ws.mean, ws.mean2);
            mark("b.ln");
            // attention
            Nd4j.gemm(ws.merged[l], dx, b.gwo.reshape((long) hh * e, d), true, false, 1.0, 0.0);
            Nd4j.gemm(dx, b.wo.reshape((long) hh * e, d), ws.dmerged, false, true, 1.0, 0.0);
            ws.dheads.assign(ws.dmerged.reshape(bsz, t, hh, e).permute(0, 2, 1, 3));
            mark("b.attn.O+split");
            for (int c0 = 0; c0 < bsz; c0 += ws.attnChunk) {
                int len = Math.min(ws.attnChunk, bsz - c0);
                INDArray sc = positions(ws.scores, 0, len);
                INDArray pr = positions(ws.probs, 0, len);
                INDArray dp = positions(ws.dprobs, 0, len);
                INDArray ds = positions(ws.dscores, 0, len);
                INDArray qc = positions(ws.q[l], c0, len);
                INDArray kc = positions(ws.k[l], c0, len);
                INDArray dhc = positions(ws.dheads, c0, len);
                // the logits are recomputed (not kept per layer) and softmaxed again
                Nd4j.matmul(qc, kc, sc, false, true, false);
                Nd4j.exec(new SoftMax(sc, pr, 3));
                mark("b.attn.softmaxRecompute");
                Nd4j.matmul(dhc, positions(ws.v[l], c0, len), dp, false, true, false);
                mark("b.attn.dP");
                // dVᵀ = dHeadsᵀ·P: transposing the small [T, E] operand, not the [T, T] one, avoids a copy of P
                Nd4j.matmul(dhc, pr, positions(ws.dvT, c0, len), true, false, false);
                mark("b.attn.dV");
                Nd4j.exec(new SoftmaxBp(sc, dp, ds, 3));
                mark("b.attn.softmaxBp");
                Nd4j.matmul(ds, kc, positions(ws.dq, c0, len), false, false, false);
                Nd4j.matmul(qc, ds, positions(ws.dkT, c0, len), true, false, false);
                mark("b.attn.dQdK");
            }
            INDArray dqkv5 = ws.dqkv.reshape(bsz, t, 3, hh, e);
            dqkv5.get(all(), all(), point(0), all(), all()).assign(ws.dq.permute(0, 2, 1, 3));
            dqkv5.get(all(), all(), point(1), all(), all()).assign(ws.dkT.permute(0, 3, 1, 2));
            dqkv5.get(all(), all(), point(2), all(), all()).assign(ws.dvT.permute(0, 3, 1, 2));
            mark("b.qkv.merge");
            Nd4j.gemm(ws.ln1[l], ws.dqkv, dwqkv, true, false, 1.0, 0.0);
            mark("b.qkv.dW");
            INDArray dview = dwqkv.reshape(d, 3, hh, e);
            b.gwq.assign(dview.get(all(), point(0), all(), all()).permute(1, 0, 2)).muli(scale);
            b.gwk.assign(dview.get(all(), point(1), all(), all()).permute(1, 0, 2));
            b.gwv.assign(dview.get(all(), point(2), all(), all()).permute(1, 0, 2));
            mark("b.qkv.unfuse");
            Nd4j.gemm(ws.dqkv, b.wqkv, ws.dln, false, true, 1.0, 0.0);
            mark("b.qkv.dX");
            LayerNormKernel.backward(ws.dln, b.ln1w, ws.xhat1[l], ws.rstd1[l], dx, b.gln1w, b.gln1b, ws.onesN,
                    ws.sq, ws.dln2, ws.mean, ws.mean2);
            mark("b.ln");
        }

        // embeddings
        Nd4j.gemm(ws.onehot, dx, gState, true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesB, dx.reshape(bsz, (long) t * d), gPos.reshape(1, (long) t * d), false, false, 1.0, 0.0);
        mark("b.embed");
    }

    /** Everything the model is, for messages. */
    @Override
    public String toString() {
        return "Transformer[" + game.name() + ", " + shape + ", aux " + auxOutputs + ", " + dataType + "]";
    }
}

package dev.graft.model;

import dev.graft.data.Batch;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * <p>Parameters carry TransformerLens-style names and logical shapes (see {@link #parameterNames()}) and
 * live in a {@link ParameterStore}; attention weights are stored per head ([heads, d_model, d_head] and
 * [heads, d_head, d_model]) and fused into a [d_model, 3·heads·d_head] working copy for each forward pass.
 *
 * <p>This class composes the parts: {@link ParameterStore} (values, gradients, views), {@link TokenEmbedding},
 * {@link TransformerBlock} per layer and {@link OutputHeads}, wired by a {@link Network}; training steps by
 * {@link DataParallelStep}; evaluation, prediction and passes with {@link ForwardHooks} and
 * {@link Intervention}s by {@link ChunkedForward}. Not thread-safe.
 */
public final class Transformer implements TrainableModel {
    /** Standard deviation of the {@link Initialisation#SMALL_NORMAL} weights and embeddings. */
    public static final double INIT_STD = Initialisation.SMALL_NORMAL_STD;

    private final Game game;
    private final ModelShape shape;
    private final int auxOutputs;
    private final Initialisation init;
    private final ParameterStore store;
    private final Network network;
    private final DataParallelStep step;
    private final ChunkedForward passes;

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
        this.init = Objects.requireNonNull(init, "init");
        this.game = game;
        this.shape = shape;
        this.auxOutputs = auxOutputs;
        this.store = ParameterStore.initialised(ParameterLayout.of(game, shape, auxOutputs), dataType, init, seed);
        this.network = new Network(game, shape, auxOutputs, store);
        this.step = new DataParallelStep(network, auxOutputs, game.moves());
        this.passes = new ChunkedForward(network, game, shape, auxOutputs);
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

    /**
     * How many threads a {@link #trainStep} uses for its two half-batches: 2 runs them at once (the
     * default when the machine has a core per half at ND4J's native thread count), 1 one after the
     * other. The results are the same either way.
     */
    public void setTrainThreads(int threads) {
        step.setThreads(threads);
    }

    /** See {@link #setTrainThreads}. */
    public int trainThreads() {
        return step.threads();
    }

    /** Tests only: positions per attention chunk (0: by size); drops the cached buffers. */
    void setAttentionChunk(int positions) {
        step.setAttentionChunk(positions);
    }

    /** Profiling only: charges each phase of the following steps to {@code timer} (null: off). */
    void profile(PhaseTimer timer) {
        network.timer = timer;
    }

    /** The step's data-parallel half (tests). */
    DataParallelStep dataParallelStep() {
        return step;
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
        return store.dataType();
    }

    /** How the parameters were drawn before training. */
    public Initialisation initialisation() {
        return init;
    }

    /** The parameters' values, gradients and per-head/per-neuron views. */
    public ParameterStore parameterStore() {
        return store;
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
     * move covers no square, by {@code policy.empty} [d_model]. The names come from {@link ParameterLayout}.
     */
    @Override
    public List<String> parameterNames() {
        return store.names();
    }

    @Override
    public List<INDArray> parameters() {
        return List.copyOf(store.values().values());
    }

    @Override
    public List<INDArray> gradients() {
        return List.copyOf(store.gradients().values());
    }

    /** Parameters by name, in {@link #parameterNames()} order (the arrays themselves, writable). */
    public Map<String, INDArray> namedParameters() {
        return store.values();
    }

    /** Names, shapes and per-head/per-neuron axes of this model's parameters, in {@link #parameterNames()} order. */
    public ParameterLayout layout() {
        return store.layout();
    }

    /** The parameter array called {@code name}; writes change the model. */
    public INDArray parameter(String name) {
        return store.value(name);
    }

    /** The gradient array of parameter {@code name}, as the last {@link #trainStep} left it. */
    public INDArray gradient(String name) {
        return store.gradient(name);
    }

    /** A writable view of one head's matrix: [d_model, d_head] for Q/K/V, [d_head, d_model] for O. */
    public INDArray head(AttentionProjection projection, int layer, int head) {
        return store.head(projection, layer, head);
    }

    /** A copy of one head's matrix. */
    public float[][] readHead(AttentionProjection projection, int layer, int head) {
        return head(projection, layer, head).toFloatMatrix();
    }

    /** Overwrites one head's matrix; {@code values} has the shape {@link #head} gives. */
    public void writeHead(AttentionProjection projection, int layer, int head, float[][] values) {
        store.writeHead(projection, layer, head, values);
    }

    /** A writable view of MLP neuron n's input weights: column n of {@code W_in} [d_model]. */
    public INDArray neuronIn(int layer, int neuron) {
        return store.neuronIn(layer, neuron);
    }

    /** A writable view of MLP neuron n's output weights: row n of {@code W_out} [d_model]. */
    public INDArray neuronOut(int layer, int neuron) {
        return store.neuronOut(layer, neuron);
    }

    /** Positions an inference pass runs at once ({@link #setEvaluationChunk}): a pass over fewer costs as much. */
    public int evaluationChunk() {
        return passes.chunk();
    }

    /** Positions per forward pass in {@link #evaluate}, {@link #predict} and {@link #clsResiduals} (default 64). */
    public void setEvaluationChunk(int positions) {
        passes.setChunk(positions);
    }

    /** Drops the cached activation buffers (they are reallocated on the next pass) and the step's worker thread. */
    public void releaseBuffers() {
        step.release();
    }

    // ---------------------------------------------------------------- training and evaluation

    @Override
    public LossParts trainStep(Batch batch, LossWeights weights) {
        passes.checkBatch(batch);
        return step.step(batch, weights, useAux(batch, weights));
    }

    @Override
    public Evaluation evaluate(Batch batch, LossWeights weights) {
        passes.checkBatch(batch);
        return passes.evaluate(batch, weights, useAux(batch, weights));
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
        return passes.predictWithResiduals(tokenIds, n);
    }

    /**
     * A forward pass over n positions with {@code interventions} applied (zeroed or replaced head outputs,
     * neuron activations, MLP output biases), showing the residual stream, each head's output and the MLP
     * activations of every layer to {@code hooks} as it runs. With no interventions its outputs equal
     * {@link #predict}'s bit for bit. Does not change the model.
     *
     * @throws IllegalArgumentException for a layer, head or neuron the model lacks, a component changed twice,
     *                                  or replacement values of the wrong length
     */
    public ModelOutputs forward(byte[] tokenIds, int n, List<Intervention> interventions, ForwardHooks hooks) {
        return passes.forward(tokenIds, n, interventions, hooks);
    }

    /** {@link #forward} keeping every site in an {@link ActivationTrace} (small position sets). */
    public ActivationTrace trace(byte[] tokenIds, int n, List<Intervention> interventions) {
        ActivationTrace trace = new ActivationTrace(this, n);
        trace.setOutputs(forward(tokenIds, n, interventions, trace));
        return trace;
    }

    private boolean useAux(Batch batch, LossWeights weights) {
        return weights.aux() != 0 && auxOutputs > 0 && batch.auxOutputs() > 0;
    }

    /** Everything the model is, for messages. */
    @Override
    public String toString() {
        return "Transformer[" + game.name() + ", " + shape + ", aux " + auxOutputs + ", " + dataType() + "]";
    }
}

package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The model's parts wired over one {@link ParameterStore}: embedding, blocks, output heads, and the
 * activation buffers of the batch sizes last used. A {@link #replica()} runs over the same parameters
 * (and fused QKV copies) with gradients and buffers of its own, for the data-parallel half of a step.
 */
final class Network {
    private static final int MAX_CACHED_WORKSPACES = 2;

    private final Game game;
    private final ModelShape shape;
    private final int auxOutputs;
    private final ParameterStore store;
    private final TokenEmbedding embedding;
    private final TransformerBlock[] blocks;
    private final OutputHeads heads;
    /** Scratch for a block's fused QKV gradient, shared by the layers of this replica. */
    private final INDArray dwqkv;
    private final Map<Integer, Workspace> workspaces = new LinkedHashMap<>();
    /** Positions per attention chunk; 0 (default) sizes chunks by {@link Workspace#ATTENTION_CHUNK_BYTES}. */
    private int attentionChunk;
    /** Profiling only: when set, each phase of a step charges its time here. */
    PhaseTimer timer;

    Network(Game game, ModelShape shape, int auxOutputs, ParameterStore store) {
        this.game = game;
        this.shape = shape;
        this.auxOutputs = auxOutputs;
        this.store = store;
        this.embedding = new TokenEmbedding(store, game.tokens(), game.squareStates() + 1);
        this.blocks = new TransformerBlock[shape.layers()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new TransformerBlock(l, LayerParameters.of(store::value, l),
                    LayerParameters.of(store::gradient, l), shape, game.tokens(), store.dataType());
        }
        this.heads = new OutputHeads(game, store, auxOutputs);
        this.dwqkv = Nd4j.create(store.dataType(), shape.dModel(), 3L * shape.heads() * shape.dHead());
    }

    private Network(Network src, ParameterStore replica) {
        this.game = src.game;
        this.shape = src.shape;
        this.auxOutputs = src.auxOutputs;
        this.store = replica;
        this.embedding = new TokenEmbedding(replica, game.tokens(), game.squareStates() + 1);
        this.blocks = new TransformerBlock[src.blocks.length];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = src.blocks[l].replica(LayerParameters.of(replica::gradient, l), shape);
        }
        this.heads = new OutputHeads(game, replica, auxOutputs);
        this.dwqkv = Nd4j.create(replica.dataType(), src.dwqkv.shape());
        this.attentionChunk = src.attentionChunk;
    }

    /** The same parameters and fused QKV copies with gradients and buffers of its own. */
    Network replica() {
        return new Network(this, store.replica());
    }

    ParameterStore store() {
        return store;
    }

    int layers() {
        return blocks.length;
    }

    void mark(String phase) {
        PhaseTimer.mark(timer, phase);
    }

    /** Copies the per-head Q, K, V weights into each block's fused matrix (see {@link TransformerBlock}). */
    void refreshFused() {
        if (timer != null) {
            timer.restart();
        }
        for (TransformerBlock b : blocks) {
            b.refreshFused();
        }
        mark("f.refreshFused");
    }

    /**
     * Runs positions {@code [from, from+count)} of {@code tokenIds} through the model into {@code ws}; rows
     * past {@code count} (when ws is larger) repeat the first position. The fused QKV weights must be fresh
     * ({@link #refreshFused}).
     *
     * @param clsOut receives each layer's CLS residual [count][d_model] when given
     * @param pass   reads and interventions of an inference pass, or null
     */
    void forward(Workspace ws, byte[] tokenIds, int from, int count, float[][][] clsOut, InterventionPass pass) {
        int bsz = ws.batch;
        int d = shape.dModel();
        int t = game.tokens();
        embedding.forward(ws, tokenIds, from, count);
        mark("f.embed");
        if (pass != null) {
            pass.embedded(ws.x);
        }
        for (int l = 0; l < blocks.length; l++) {
            blocks[l].forward(ws, timer, pass);
            if (clsOut != null) {
                float[][] every = ws.x.reshape(bsz, t, d).get(all(), point(t - 1), all()).toFloatMatrix();
                clsOut[l] = Arrays.copyOf(every, count);
            }
        }
        heads.forward(ws, timer);
    }

    /** Fills this replica's gradients from the losses of the positions {@link #forward} left in {@code ws}. */
    void backward(Workspace ws, HeadLosses losses, boolean useAux) {
        heads.backward(ws, losses, useAux, timer);
        for (int l = blocks.length - 1; l >= 0; l--) {
            blocks[l].backward(ws, dwqkv, timer);
        }
        embedding.backward(ws, ws.dx);
        mark("b.embed");
    }

    /** The buffers of {@code batch} positions, reused from the last passes of that size when cached. */
    Workspace workspace(int batch) {
        Workspace ws = workspaces.remove(batch);
        if (ws == null) {
            if (workspaces.size() >= MAX_CACHED_WORKSPACES) {
                Integer oldest = workspaces.keySet().iterator().next();
                workspaces.remove(oldest);
            }
            ws = new Workspace(game, shape, auxOutputs, batch, store.dataType(), attentionChunk);
        }
        workspaces.put(batch, ws);
        return ws;
    }

    /** Tests only: positions per attention chunk (0: by size); drops the cached buffers. */
    void setAttentionChunk(int positions) {
        this.attentionChunk = positions;
        releaseBuffers();
    }

    /** Drops the cached activation buffers (they are reallocated on the next pass). */
    void releaseBuffers() {
        workspaces.clear();
    }

    /** The aux outputs of the last pass on {@code ws}, or none without an aux head. */
    double[] auxValues(Workspace ws) {
        return auxOutputs > 0 ? ws.auxOut.data().asDouble() : new double[0];
    }
}

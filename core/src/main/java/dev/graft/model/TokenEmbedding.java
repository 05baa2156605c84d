package dev.graft.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The residual stream's start: {@code x = embed.W_state[token] + pos_embed.W_pos[position]}, as a one-hot
 * gemm, and its gradient.
 */
final class TokenEmbedding {
    private final INDArray wState, wPos, gState, gPos;
    private final int tokens;
    private final int states;
    private final int dModel;
    private final DataType dataType;

    TokenEmbedding(ParameterStore store, int tokens, int states) {
        this.wState = store.value(ParameterLayout.EMBED_STATE);
        this.wPos = store.value(ParameterLayout.EMBED_POS);
        this.gState = store.gradient(ParameterLayout.EMBED_STATE);
        this.gPos = store.gradient(ParameterLayout.EMBED_POS);
        this.tokens = tokens;
        this.states = states;
        this.dModel = store.layout().shape().dModel();
        this.dataType = store.dataType();
    }

    /**
     * Writes the embedded positions {@code [from, from+count)} of {@code tokenIds} into {@code ws.x}; rows
     * past {@code count} (when ws is larger) repeat the first position.
     */
    void forward(Workspace ws, byte[] tokenIds, int from, int count) {
        int bsz = ws.batch;
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
        x.reshape(bsz, (long) t * dModel).addiRowVector(wPos.reshape(1, (long) t * dModel));
    }

    /** Fills the embeddings' gradients from {@code dx}, the gradient of the stream they start. */
    void backward(Workspace ws, INDArray dx) {
        Nd4j.gemm(ws.onehot, dx, gState, true, false, 1.0, 0.0);
        Nd4j.gemm(ws.onesB, dx.reshape(ws.batch, (long) tokens * dModel), gPos.reshape(1, (long) tokens * dModel),
                false, false, 1.0, 0.0);
    }
}

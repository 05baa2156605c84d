package dev.graft.measure;

import dev.graft.model.ForwardHooks;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keeps one head's output after W_O at every token of a pass over n positions: n·tokens·d_model floats. */
final class HeadOutputHooks implements ForwardHooks {
    private final int layer;
    private final int head;
    private final int n;
    private float[] output;

    HeadOutputHooks(int layer, int head, int n) {
        this.layer = layer;
        this.head = head;
        this.n = n;
    }

    @Override
    public boolean wantsHeadOutputs(int l) {
        return l == layer;
    }

    @Override
    public void headOutput(int l, int h, int from, int count, INDArray x) {
        if (l != layer || h != head) {
            return;
        }
        float[] flat = x.dup('c').data().asFloat();
        int per = flat.length / count;
        if (output == null) {
            output = new float[n * per];
        }
        System.arraycopy(flat, 0, output, from * per, flat.length);
    }

    float[] output() {
        return output;
    }
}

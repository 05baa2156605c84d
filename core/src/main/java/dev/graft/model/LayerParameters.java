package dev.graft.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

import static dev.graft.model.ParameterLayout.blockParameter;

/**
 * The twelve arrays of one layer, looked up once by name so the passes need no map lookups: either a
 * layer's parameters or their gradients ({@link #of}).
 */
record LayerParameters(INDArray ln1w, INDArray ln1b, INDArray wq, INDArray wk, INDArray wv, INDArray wo,
                       INDArray ln2w, INDArray ln2b, INDArray win, INDArray bin, INDArray wout, INDArray bout) {

    /** Layer {@code layer}'s arrays from {@code byName} (a store's values or gradients). */
    static LayerParameters of(Function<String, INDArray> byName, int layer) {
        return new LayerParameters(
                byName.apply(blockParameter(layer, ParameterLayout.LN1_W)),
                byName.apply(blockParameter(layer, ParameterLayout.LN1_B)),
                byName.apply(blockParameter(layer, ParameterLayout.W_Q)),
                byName.apply(blockParameter(layer, ParameterLayout.W_K)),
                byName.apply(blockParameter(layer, ParameterLayout.W_V)),
                byName.apply(blockParameter(layer, ParameterLayout.W_O)),
                byName.apply(blockParameter(layer, ParameterLayout.LN2_W)),
                byName.apply(blockParameter(layer, ParameterLayout.LN2_B)),
                byName.apply(blockParameter(layer, ParameterLayout.W_IN)),
                byName.apply(blockParameter(layer, ParameterLayout.B_IN)),
                byName.apply(blockParameter(layer, ParameterLayout.W_OUT)),
                byName.apply(blockParameter(layer, ParameterLayout.B_OUT)));
    }
}

package dev.graft.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

/**
 * The arrays of the final LayerNorm and the output heads, looked up once by name: either their values or
 * their gradients ({@link #of}). {@code auxW}/{@code auxB} are null without an aux head, {@code policyEmpty}
 * unless the policy head mean-pools and some move covers no square.
 */
record OutputParameters(INDArray lnfW, INDArray lnfB, INDArray valueW, INDArray valueB, INDArray auxW, INDArray auxB,
                        INDArray policyW1, INDArray policyB1, INDArray policyW2, INDArray policyB2,
                        INDArray policyEmpty) {

    /** The arrays from {@code byName}, which gives null for a parameter the model lacks. */
    static OutputParameters of(Function<String, INDArray> byName) {
        return new OutputParameters(
                byName.apply(ParameterLayout.LN_FINAL_W),
                byName.apply(ParameterLayout.LN_FINAL_B),
                byName.apply(ParameterLayout.VALUE_W),
                byName.apply(ParameterLayout.VALUE_B),
                byName.apply(ParameterLayout.AUX_W),
                byName.apply(ParameterLayout.AUX_B),
                byName.apply(ParameterLayout.POLICY_W1),
                byName.apply(ParameterLayout.POLICY_B1),
                byName.apply(ParameterLayout.POLICY_W2),
                byName.apply(ParameterLayout.POLICY_B2),
                byName.apply(ParameterLayout.POLICY_EMPTY));
    }
}

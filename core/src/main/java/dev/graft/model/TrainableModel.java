package dev.graft.model;

import dev.graft.spi.ModelShape;
import dev.graft.data.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** What the trainer needs of a model: its parameters, their gradients, a training step and an evaluation. */
public interface TrainableModel {

    ModelShape shape();

    /** Stable parameter names, same order as {@link #parameters()}. */
    List<String> parameterNames();

    /** Parameter arrays; the optimizer updates them in place. */
    List<INDArray> parameters();

    /** Gradient arrays, same order and shapes as {@link #parameters()}, filled by {@link #trainStep}. */
    List<INDArray> gradients();

    /** Forward and backward on a batch: fills {@link #gradients()} with ∂total/∂parameter; returns the loss. */
    LossParts trainStep(Batch batch, LossWeights weights);

    /** Forward only. */
    Evaluation evaluate(Batch batch, LossWeights weights);
}

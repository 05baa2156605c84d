package dev.graft.generators;

import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained value network's parameters, copied out of ND4J into plain arrays so that any number of
 * worker threads can each build their own {@link Transformer} from them (the model is not
 * thread-safe). Never modified after construction.
 */
final class ValueNetworkWeights {
    private final ModelShape shape;
    private final List<float[]> values;

    private ValueNetworkWeights(ModelShape shape, List<float[]> values) {
        this.shape = shape;
        this.values = values;
    }

    /** A snapshot of {@code model}'s parameters now. */
    static ValueNetworkWeights of(Transformer model) {
        List<float[]> values = new ArrayList<>();
        for (INDArray p : model.parameters()) {
            values.add(p.dup('c').data().asFloat());
        }
        return new ValueNetworkWeights(model.shape(), List.copyOf(values));
    }

    /** A new model of {@code game} (no aux head) holding these parameters. */
    Transformer build(Game game) {
        Transformer model = new Transformer(game, shape, 0, 0L);
        List<INDArray> params = model.parameters();
        if (params.size() != values.size()) {
            throw new IllegalStateException("value network of " + values.size() + " parameter arrays cannot fill a model of "
                    + params.size() + " (was it trained for another game?)");
        }
        for (int i = 0; i < params.size(); i++) {
            INDArray p = params.get(i);
            p.assign(Nd4j.createFromArray(values.get(i)).reshape(p.shape()));
        }
        return model;
    }
}

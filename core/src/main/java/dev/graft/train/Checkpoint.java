package dev.graft.train;

import dev.graft.model.TrainableModel;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint read back from disk (see {@link CheckpointFile} for the file format).
 *
 * @param file           the file it was read from
 * @param meta           its {@code meta.json}, typed
 * @param parameterNames parameter names in the model's order
 * @param parameters     parameter arrays by name
 * @param firstMoments   AdamW first moments by name
 * @param secondMoments  AdamW second moments by name
 * @param json           the whole parsed {@code meta.json} as written (the on-disk keys, for tools and tests)
 */
public record Checkpoint(Path file, CheckpointMeta meta, List<String> parameterNames,
                         Map<String, INDArray> parameters, Map<String, INDArray> firstMoments,
                         Map<String, INDArray> secondMoments, Map<String, Object> json) {

    /** Finished optimizer steps. */
    public long step() {
        return meta.step();
    }

    /** The run's label. */
    public String label() {
        return meta.label();
    }

    /** The model's shape. */
    public ModelShape shape() {
        return meta.shape();
    }

    /**
     * Copies the parameters into a model with the same parameter names and shapes (e.g. to evaluate a
     * finished model, or to start a graft from it).
     */
    public void loadParametersInto(TrainableModel model) {
        List<String> names = model.parameterNames();
        List<INDArray> params = model.parameters();
        if (!names.equals(parameterNames)) {
            throw new CheckpointException(file, "holds parameters " + parameterNames + " but the model has "
                    + names + " (a checkpoint restores only into a model built with the same shape)");
        }
        for (int i = 0; i < names.size(); i++) {
            INDArray from = parameters.get(names.get(i));
            INDArray to = params.get(i);
            if (!Arrays.equals(from.shape(), to.shape())) {
                throw new CheckpointException(file, "parameter '" + names.get(i) + "' has shape "
                        + Arrays.toString(from.shape()) + " but the model's has " + Arrays.toString(to.shape()));
            }
            to.assign(from);
        }
    }

    /** The AdamW step count stored with the moments (the checkpoint's step when no trainer wrote it). */
    public long optimizerSteps() {
        return meta.trainer() != null ? meta.trainer().optimizer().step() : meta.step();
    }
}

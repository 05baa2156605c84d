package dev.graft.train;

import dev.graft.model.TrainableModel;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint read back from disk (see {@link CheckpointStore} for the file format).
 *
 * @param file           the file it was read from
 * @param step           finished optimizer steps
 * @param label          the run's label
 * @param shape          the model's shape
 * @param parameterNames parameter names in the model's order
 * @param parameters     parameter arrays by name
 * @param firstMoments   AdamW first moments by name
 * @param secondMoments  AdamW second moments by name
 * @param meta           the whole parsed {@code meta.json}
 */
public record Checkpoint(Path file, long step, String label, ModelShape shape, List<String> parameterNames,
                         Map<String, INDArray> parameters, Map<String, INDArray> firstMoments,
                         Map<String, INDArray> secondMoments, Map<String, Object> meta) {

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

    /** The AdamW step count stored with the moments. */
    public long optimizerSteps() {
        Object optimizer = meta.get("optimizer");
        if (optimizer instanceof Map<?, ?> o && o.get("step") instanceof Number n) {
            return n.longValue();
        }
        return step;
    }
}

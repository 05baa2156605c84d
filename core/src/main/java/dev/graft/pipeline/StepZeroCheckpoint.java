package dev.graft.pipeline;

import dev.graft.model.Transformer;
import dev.graft.train.CheckpointStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model that has not been trained yet as a checkpoint at step 0 (zero AdamW moments), in
 * the trainer's format, so it can be trained from, exported and inspected like any other.
 */
final class StepZeroCheckpoint {
    private StepZeroCheckpoint() {
    }

    static Path write(Path dir, Transformer model, String label, Map<String, Object> provenance,
                      Map<String, Object> extra) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("label", label);
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("d_model", model.shape().dModel());
        shape.put("d_head", model.shape().dHead());
        shape.put("heads", model.shape().heads());
        shape.put("layers", model.shape().layers());
        shape.put("d_mlp", model.shape().dMlp());
        meta.put("model_shape", shape);
        meta.put("provenance", provenance);
        meta.putAll(extra);
        List<INDArray> zeros = new ArrayList<>();
        for (INDArray p : model.parameters()) {
            zeros.add(Nd4j.zerosLike(p));
        }
        return new CheckpointStore(dir).write(0, meta, model.parameterNames(), model.parameters(), zeros, zeros);
    }
}

package dev.graft.runner;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.model.Transformer;
import dev.graft.spi.ModelShape;
import dev.graft.train.CheckpointStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/** Test checkpoints of Domineering models written through {@link CheckpointStore}, as a run would write them. */
final class ModelCheckpoints {
    private ModelCheckpoints() {
    }

    /**
     * A checkpoint {@code dir/step-NNNNNN.ckpt} of a fresh model, after {@code edit} changed it.
     *
     * @param sector sector-balance sector size, or 0 for no auxiliary task (and no aux head)
     * @param withProvenance false: no provenance in meta.json (a checkpoint graft run would not write)
     */
    static Path write(Path dir, int board, ModelShape shape, int sector, long seed, long step, boolean withProvenance,
                      Consumer<Transformer> edit) {
        DomineeringGame game = new DomineeringGame(board);
        int aux = sector == 0 ? 0 : (board / sector) * (board / sector);
        Transformer model = new Transformer(game, shape, aux, seed);
        edit.accept(model);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("label", "test-model");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("d_model", shape.dModel());
        s.put("d_head", shape.dHead());
        s.put("heads", shape.heads());
        s.put("layers", shape.layers());
        s.put("d_mlp", shape.dMlp());
        meta.put("model_shape", s);
        if (withProvenance) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("spec_name", "test");
            p.put("spec_hash", "abc123");
            p.put("seed", seed);
            p.put("game", Map.of("name", "domineering", "options", Map.of("board", board)));
            p.put("auxiliary", sector == 0 ? List.of()
                    : List.of(Map.of("name", "sector-balance", "options", Map.of("sector", sector))));
            p.put("aux_outputs", aux);
            meta.put("provenance", p);
        }
        List<INDArray> zeros = new ArrayList<>();
        for (INDArray a : model.parameters()) {
            zeros.add(Nd4j.zerosLike(a));
        }
        return new CheckpointStore(dir).write(step, meta, model.parameterNames(), model.parameters(), zeros, zeros);
    }

    /** Replaces every parameter (LayerNorm weights, biases included) with N(0, std²) values from {@code seed}. */
    static Consumer<Transformer> randomise(double std, long seed) {
        return model -> {
            Random rng = new Random(seed);
            for (INDArray p : model.parameters()) {
                float[] v = new float[(int) p.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * std);
                }
                p.assign(Nd4j.createFromArray(v).reshape(p.shape()));
            }
        };
    }

    static Consumer<Transformer> unchanged() {
        return model -> { };
    }
}

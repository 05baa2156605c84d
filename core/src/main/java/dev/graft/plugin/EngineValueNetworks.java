package dev.graft.plugin;

import dev.graft.train.AdamW;
import dev.graft.train.LearningRateSchedule;
import dev.graft.data.GameGeneration;
import dev.graft.data.GamePositions;
import dev.graft.model.LossParts;
import dev.graft.model.LossWeights;
import dev.graft.model.OutsideLoss;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.ModelShape;
import dev.graft.spi.ValueNetwork;
import dev.graft.spi.ValueNetworks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's {@link ValueNetworks}: a {@link Transformer} with no auxiliary head, trained with
 * {@link AdamW} on value cross-entropy alone ({@link #VALUE_ONLY}) over {@link GamePositions}. The
 * policy head, which that loss does not reach, is left as initialised ({@link OutsideLoss}): nothing
 * reads it (a value network gives value logits only), and torch's AdamW would not decay it either.
 */
public final class EngineValueNetworks implements ValueNetworks {
    /** Value cross-entropy only: no policy or auxiliary term. */
    public static final LossWeights VALUE_ONLY = new LossWeights(1, 0, 0);

    @Override
    public ValueNetwork create(Game game, ModelShape shape, long seed, ValueNetworks.Initialisation init) {
        dev.graft.model.Initialisation engineInit = switch (init) {
            case STUDY -> dev.graft.model.Initialisation.STUDY;
            case SMALL_NORMAL -> dev.graft.model.Initialisation.SMALL_NORMAL;
        };
        return new Network(game, new Transformer(game, shape, 0, seed, engineInit));
    }

    /** A network wrapping {@code model} (no auxiliary outputs), for tests and engine code. */
    public static ValueNetwork wrap(Game game, Transformer model) {
        return new Network(game, model);
    }

    /** The transformer behind a network this class made. */
    public static Transformer model(ValueNetwork network) {
        return ((Network) network).model;
    }

    private static final class Network implements ValueNetwork {
        private final Game game;
        private final Transformer model;
        private AdamW optimizer;

        Network(Game game, Transformer model) {
            if (model.auxOutputs() != 0) {
                throw new IllegalArgumentException("a value network has no auxiliary head; this model has "
                        + model.auxOutputs() + " outputs");
            }
            this.game = game;
            this.model = model;
        }

        @Override
        public ModelShape shape() {
            return model.shape();
        }

        @Override
        public double train(List<GameRecord> games, long seed, Training training) {
            int steps = training.steps();
            if (steps == 0 || games.isEmpty()) {
                return Double.NaN;
            }
            if (optimizer == null) {
                optimizer = new AdamW(model.parameters(), training.weightDecay());
                // The policy head gets no gradient from the value loss: left alone, as torch's AdamW leaves it.
                OutsideLoss.indices(model.parameterNames(), VALUE_ONLY).forEach(optimizer::leaveAlone);
            }
            GamePositions positions = new GamePositions(game, games, indices(games.size()), List.of(), seed);
            double lr = training.learningRate();
            LearningRateSchedule schedule = training.cosine() ? new LearningRateSchedule(lr, 0, steps) : null;
            int tail = Math.max(1, steps / 10);
            double sum = 0;
            for (int step = 0; step < steps; step++) {
                LossParts loss = model.trainStep(positions.sample(GameGeneration.gameSeed(seed ^ 0xBA7CL, step),
                        training.batch()), VALUE_ONLY);
                if (!Double.isFinite(loss.value())) {
                    throw new IllegalStateException("the value loss became " + loss.value() + " at step " + step
                            + " (learning rate " + lr + "); lower the learning rate");
                }
                optimizer.step(model.gradients(), schedule != null ? schedule.lr(step) : lr);
                if (step >= steps - tail) {
                    sum += loss.value();
                }
            }
            return sum / tail;
        }

        @Override
        public ValueNetwork.Evaluation evaluate(List<GameRecord> games, long seed) {
            GamePositions positions = new GamePositions(game, games, indices(games.size()), List.of(), seed);
            int n = (int) positions.positionsPerEpoch();
            dev.graft.model.Evaluation e = model.evaluate(positions.read(0, n), VALUE_ONLY);
            return new ValueNetwork.Evaluation(e.count(), e.loss().value(), e.valueAccuracy());
        }

        @Override
        public float[] valueLogits(byte[] tokens, int count, int chunk) {
            model.setEvaluationChunk(chunk);
            return model.predict(tokens, count).value();
        }

        @Override
        public Weights weights() {
            List<float[]> values = new ArrayList<>();
            for (INDArray p : model.parameters()) {
                values.add(p.dup('c').data().asFloat());
            }
            return new Frozen(model.shape(), List.copyOf(values));
        }
    }

    /** Parameters copied out of ND4J into plain arrays; never modified. */
    private record Frozen(ModelShape shape, List<float[]> values) implements ValueNetwork.Weights {
        @Override
        public ValueNetwork newNetwork(Game game) {
            Transformer model = new Transformer(game, shape, 0, 0L);
            List<INDArray> params = model.parameters();
            if (params.size() != values.size()) {
                throw new IllegalStateException("value network of " + values.size() + " parameter arrays cannot fill"
                        + " a model of " + params.size() + " (was it trained for another game?)");
            }
            for (int i = 0; i < params.size(); i++) {
                INDArray p = params.get(i);
                p.assign(Nd4j.createFromArray(values.get(i)).reshape(p.shape()));
            }
            return new Network(game, model);
        }
    }

    private static int[] indices(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}

package dev.graft.probes;

import dev.graft.auxiliary.SectorBalanceTask;
import dev.graft.data.GamePositions;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.model.Transformer;
import dev.graft.probe.FinalProbe;
import dev.graft.probe.ProbeFiles;
import dev.graft.probe.ProbeRow;
import dev.graft.probe.ProbeSchedule;
import dev.graft.probe.ProbeSession;
import dev.graft.probe.ProbeSet;
import dev.graft.spec.PluginRef;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ridge probe inside the probe protocol, on Domineering positions and a tiny transformer. */
class RidgeSessionTest {
    static final DomineeringGame GAME = new DomineeringGame(4);
    static final ModelShape SHAPE = new ModelShape(16, 4, 2, 2, 32);

    @TempDir
    Path dir;

    static List<GameRecord> games(int count, long seed) {
        Random rng = new Random(seed);
        List<GameRecord> out = new ArrayList<>();
        int[] buffer = new int[GAME.moves()];
        for (int g = 0; g < count; g++) {
            GameState s = GAME.newGame();
            List<Integer> moves = new ArrayList<>();
            while (!s.isTerminal()) {
                int m = buffer[rng.nextInt(s.legalMoves(buffer))];
                moves.add(m);
                s.play(m);
            }
            out.add(new GameRecord(moves.stream().mapToInt(Integer::intValue).toArray(), s.winner()));
        }
        return out;
    }

    static ProbeSet probeSet(int n) {
        List<GameRecord> games = games(200, 3);
        int[] all = new int[games.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        GamePositions v = new GamePositions(GAME, games, all, List.of(new SectorBalanceTask(2)), 1);
        return ProbeSet.draw(v, n, 42);
    }

    /** A model whose residuals are O(1), every parameter N(0, 0.3²). */
    static Transformer randomModel(long seed) {
        Transformer t = new Transformer(GAME, SHAPE, 4, seed);
        Random rng = new Random(seed);
        for (INDArray p : t.parameters()) {
            float[] v = new float[(int) p.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.3 * rng.nextGaussian());
            }
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()));
        }
        return t;
    }

    static ProbeSession session(ProbeSet set, double alpha, int positions, int finalPositions) {
        Options options = Options.withDefaults(new RidgeProbeFactory().options(), Map.of("alpha", alpha));
        PluginRef ref = new PluginRef(PluginKind.PROBE, "ridge", options);
        ProbeSchedule s = new ProbeSchedule("ridge", ref, 1, positions, finalPositions, List.of(), false, true, true);
        return new ProbeSession(set, List.of(new ProbeSession.Entry(s, new RidgeProbeFactory().create(options))), 42);
    }

    @Test
    void targets_read_linearly_from_a_layer_score_one_there_and_the_shuffled_control_scores_near_zero() {
        Transformer model = randomModel(5);
        ProbeSet drawn = probeSet(300);
        // targets that are a linear function of layer 0's CLS residual
        float[][][] cls = model.clsResiduals(drawn.tokenIds(), drawn.size());
        Random rng = new Random(9);
        double[][] w = new double[SHAPE.dModel()][3];
        for (double[] row : w) {
            for (int o = 0; o < 3; o++) {
                row[o] = rng.nextGaussian();
            }
        }
        float[][] targets = new float[drawn.size()][3];
        for (int i = 0; i < drawn.size(); i++) {
            for (int o = 0; o < 3; o++) {
                double s = 0;
                for (int j = 0; j < SHAPE.dModel(); j++) {
                    s += cls[0][i][j] * w[j][o];
                }
                targets[i][o] = (float) s;
            }
        }
        ProbeSet set = new ProbeSet(drawn.tokens(), drawn.tokenIds(), targets, drawn.positions());
        List<ProbeRow> rows = session(set, 1e-4, 300, 0).periodic(model, "c", 1, 1);
        ProbeRow real = rows.stream().filter(r -> r.layer() == 0 && r.probe().equals("ridge")).findFirst().orElseThrow();
        assertEquals(1.0, real.r2(), 1e-4);
        for (ProbeRow r : rows) {
            if (r.probe().equals("ridge/shuffled")) {
                assertTrue(Math.abs(r.r2()) < 0.15, "the shuffled control at layer " + r.layer() + ": " + r.r2());
            }
        }
    }

    @Test
    void sector_balance_targets_on_a_random_model_give_a_shuffled_control_below_the_probe() {
        Transformer model = randomModel(6);
        List<ProbeRow> rows = session(probeSet(400), 1.0, 400, 0).periodic(model, "c", 1, 1);
        for (int layer = 0; layer < SHAPE.layers(); layer++) {
            int l = layer;
            double real = rows.stream().filter(r -> r.layer() == l && r.probe().equals("ridge")).findFirst()
                    .orElseThrow().r2();
            double shuffled = rows.stream().filter(r -> r.layer() == l && r.probe().equals("ridge/shuffled"))
                    .findFirst().orElseThrow().r2();
            assertTrue(shuffled < 0.1, "shuffled control, layer " + layer + ": " + shuffled);
            assertTrue(real > shuffled + 0.1, "the probe reads the board (layer " + layer + "): " + real + " vs " + shuffled);
        }
    }

    @Test
    void numpy_recomputes_the_final_probe_from_its_files() throws Exception {
        assumeTrue(NumpyRidgeAgreementTest.numpyMissing() == null || System.getenv("CI") != null,
                "numpy check skipped (CI unset)");
        Transformer model = randomModel(7);
        FinalProbe f = session(probeSet(250), 1.0, 100, 250).finalProbe(model, "graft+aux", 42, 500);
        ProbeFiles.writeFinal(dir, f, List.of());
        for (int layer = 0; layer < SHAPE.layers(); layer++) {
            Map<String, Object> ref = NumpyRidgeAgreementTest.runReference(dir.resolve("probes/graft+aux-seed42/layer" + layer));
            double written = ((Number) ref.get("probe_json_r2")).doubleValue();
            assertEquals(((Number) ref.get("r2")).doubleValue(), written, 1e-9, "layer " + layer);
            int l = layer;
            assertEquals(f.rows().stream().filter(r -> r.layer() == l && r.probe().equals("ridge")).findFirst()
                    .orElseThrow().r2(), written, 0.0);
        }
    }
}

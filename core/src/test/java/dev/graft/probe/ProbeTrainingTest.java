package dev.graft.probe;

import dev.graft.data.GamePositions;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spi.GameRecord;
import dev.graft.data.PositionSource;
import dev.graft.train.Trainer;
import dev.graft.train.TrainerOptions;
import dev.graft.train.TrainingConfig;
import dev.graft.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes inside the trainer: they never change training, and a kill and resume never duplicates a row. */
class ProbeTrainingTest {
    private static final List<GameRecord> GAMES = ProbeFixtures.games(60, 11);
    private static final LossWeights WEIGHTS = new LossWeights(1.0, 0.2, 0.8);

    @TempDir
    Path tmp;

    private static GamePositions train() {
        return ProbeFixtures.positions(GAMES, 0, 45, 1);
    }

    private static GamePositions validation() {
        return ProbeFixtures.positions(GAMES, 45, 60, 2);
    }

    private static Transformer model() {
        return new Transformer(ProbeFixtures.GAME, ProbeSessionTest.SHAPE, 4, 17);
    }

    private static TrainingConfig config(Path runDir, long steps) {
        return TrainingConfig.builder("small+aux", new TrainingSettings(5e-3, 0.01, 0, 8, WEIGHTS, 4, 16, 4))
                .totalSteps(steps).logEvery(1).keepCheckpoints(2).seed(42).runDir(runDir)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(runDir, "small+aux")).build();
    }

    private static ProbeSession session() {
        ProbeSet set = ProbeSet.draw(validation(), 50, 42);
        ProbeSchedule s = ProbeSessionTest.schedule("ridge", 2, 30, 50, List.of());
        return new ProbeSession(set, List.of(new ProbeSession.Entry(s, new ProbeFixtures.SummaryProbe(0.2))), 42);
    }

    private static TrainerOptions probing(Path runDir, Transformer model, ProbeLog log) {
        return TrainerOptions.quiet().withListener(ProbeListener.forModel(session(), log, runDir, "small+aux", 42, model));
    }

    private static void assertSameWeights(Transformer a, Transformer b) {
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).dup().data().asFloat(), b.parameters().get(i).dup().data().asFloat(),
                    a.parameterNames().get(i));
        }
    }

    @Test
    void probing_during_training_leaves_the_weights_bitwise_unchanged() {
        Transformer plain = model();
        new Trainer(plain, config(tmp.resolve("plain"), 9), train(), validation(), TrainerOptions.quiet()).train();
        Transformer probed = model();
        Path runDir = tmp.resolve("probed");
        ProbeLog log = new ProbeLog(runDir.resolve("probes.csv"));
        new Trainer(probed, config(runDir, 9), train(), validation(), probing(runDir, probed, log)).train();
        assertSameWeights(plain, probed);

        List<ProbeRow> rows = log.read();
        // @init on both sets at step 0 and the probe itself on the untrained model at step 0 (no shuffled control),
        // periodic at 2, 4, 6, 8 and the final probe at 9; 3 layers each, + shuffled
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 9L), rows.stream().map(ProbeRow::step).distinct().toList());
        assertEquals(6, rows.stream().filter(r -> r.step() == 0 && r.probe().endsWith("@init")).count());
        assertEquals(3, rows.stream().filter(r -> r.step() == 0 && r.probe().equals("ridge")).count());
        assertEquals(6, rows.stream().filter(r -> r.step() == 4).count());
        assertEquals(6, rows.stream().filter(r -> r.set().equals(ProbeRow.FINAL) && r.step() == 9).count());
        assertTrue(Files.isRegularFile(runDir.resolve("probes/small+aux-seed42/layer2/probe.json")));
    }

    @Test
    void a_resumed_run_writes_every_probe_row_exactly_once() {
        Path whole = tmp.resolve("whole");
        Transformer reference = model();
        ProbeLog wholeLog = new ProbeLog(whole.resolve("probes.csv"));
        new Trainer(reference, config(whole, 10), train(), validation(), probing(whole, reference, wholeLog)).train();

        Path killed = tmp.resolve("killed");
        ProbeLog log = new ProbeLog(killed.resolve("probes.csv"));
        Transformer first = model();
        // dies during step 7: steps 5 and 6 were probed (6) after the checkpoint at 4, and must not appear twice
        PositionSource dying = new ProbeFixtures.KilledAt(train(), 7 * 8);
        assertThrows(ProbeFixtures.KilledAt.Kill.class,
                () -> new Trainer(first, config(killed, 10), dying, validation(), probing(killed, first, log)).train());
        assertTrue(log.read().stream().anyMatch(r -> r.step() == 6), "step 6 was probed before the kill");
        Transformer resumed = model();
        new Trainer(resumed, config(killed, 10), train(), validation(), probing(killed, resumed, log)).train();

        assertSameWeights(reference, resumed);
        assertEquals(wholeLog.read(), log.read());
    }

    @Test
    void the_progress_status_shows_the_latest_key_layer_r2() {
        Transformer m = model();
        Path runDir = tmp.resolve("status");
        ProbeListener l = ProbeListener.forModel(session(), new ProbeLog(runDir.resolve("probes.csv")), runDir,
                "small+aux", 42, m).withKeyLayer(1);
        assertEquals("", l.status());
        new Trainer(m, config(runDir, 2), train(), validation(), TrainerOptions.quiet().withListener(l)).train();
        assertTrue(l.status().matches("R²@L1 -?\\d+\\.\\d{3}"), l.status());
    }
}

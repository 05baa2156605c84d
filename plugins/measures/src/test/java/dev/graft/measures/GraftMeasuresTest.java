package dev.graft.measures;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.graft.Grafter;
import dev.graft.measure.MeasurePositions;
import dev.graft.measure.MeasureRow;
import dev.graft.measure.MeasureSession;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.Measure;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code cka} and {@code drift} measures on a real graft of a tiny Domineering model (4×4 board): at step
 * 0 every inherited part is where the source had it and the grafted residuals are the source's; after the
 * large model's weights move, the measures see it.
 */
class GraftMeasuresTest {
    static final DomineeringGame GAME = new DomineeringGame(4);
    static final ModelShape SMALL = new ModelShape(8, 4, 2, 2, 12);
    static final ModelShape LARGE = new ModelShape(8, 4, 4, 3, 20);
    static final int N = 60;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    static Transformer randomised(ModelShape shape, long seed) {
        Transformer t = new Transformer(GAME, shape, 2, seed);
        Random rng = new Random(seed + 7);
        for (var e : t.namedParameters().entrySet()) {
            boolean lnWeight = e.getKey().contains("ln") && e.getKey().endsWith(".w");
            for (long i = 0; i < e.getValue().length(); i++) {
                double g = rng.nextGaussian();
                e.getValue().putScalar(i, lnWeight ? 1 + 0.3 * g : 0.4 * g);
            }
        }
        return t;
    }

    static MeasurePositions positions(long seed) {
        Random rng = new Random(seed);
        int tokens = GAME.tokens();
        byte[] ids = new byte[N * tokens];
        for (int p = 0; p < N; p++) {
            for (int i = 0; i < tokens - 1; i++) {
                ids[p * tokens + i] = (byte) rng.nextInt(GAME.squareStates());
            }
            ids[p * tokens + tokens - 1] = (byte) GAME.clsToken();
        }
        float[][] targets = new float[N][2];
        float[] outcomes = new float[N];
        boolean[] held = new boolean[N];
        for (int p = 0; p < N; p++) {
            targets[p][0] = (float) rng.nextGaussian();
            targets[p][1] = (float) rng.nextGaussian();
            outcomes[p] = rng.nextBoolean() ? 1 : 0;
            held[p] = p % 5 == 0;
        }
        return new MeasurePositions(N, ids, targets, outcomes, held);
    }

    /** Small layers 0, 1 into large layers 0, 1, heads and neurons by index; large layer 2 fresh. */
    static GraftPlan front() {
        return new GraftPlan(List.of(LayerCopy.byIndex(0, 0, SMALL), LayerCopy.byIndex(1, 1, SMALL)), List.of(),
                true, true, true);
    }

    static Measure create(dev.graft.spi.DeclaredPlugin<Measure> plugin) {
        return plugin.create(Options.withDefaults(plugin.options(), Map.of()), PluginContext.none());
    }

    static MeasureSession session() {
        return new MeasureSession(List.of(
                new MeasureSession.Entry("cka", create(new CkaMeasure()), List.of(), List.of()),
                new MeasureSession.Entry("drift", create(new WeightDriftMeasure()), List.of(), List.of())),
                positions(3));
    }

    static List<MeasureRow> rows(List<MeasureRow> all, String measure) {
        return all.stream().filter(r -> r.measure().equals(measure)).toList();
    }

    @Test
    void at_step_zero_every_inherited_part_has_not_drifted_and_the_residuals_are_the_sources() {
        Transformer small = randomised(SMALL, 1);
        Transformer large = randomised(LARGE, 2);
        GraftPlan plan = front();
        Grafter.apply(plan, small, large);
        MeasureSession s = session();
        var view = s.view(large);
        List<MeasureRow> out = s.measure("graft", 42, 0, view, view, Optional.of(s.view(small)), Optional.of(plan));

        for (String part : List.of("W_Q", "W_K", "W_V", "W_O")) {
            List<MeasureRow> d = rows(out, "drift." + part);
            assertEquals(2 * SMALL.heads(), d.size(), part + ": one row per inherited head of each copied layer");
            d.forEach(r -> assertEquals(0.0, r.value(), 0.0, r.toString()));
        }
        for (String part : List.of("W_in", "b_in", "W_out")) {
            List<MeasureRow> d = rows(out, "drift." + part);
            assertEquals(2, d.size(), part);
            d.forEach(r -> assertEquals(0.0, r.value(), 0.0, r.toString()));
        }
        List<MeasureRow> fresh = rows(out, "norm.W_O");
        assertEquals(2 * (LARGE.heads() - SMALL.heads()), fresh.size());
        fresh.forEach(r -> assertEquals(0.0, r.value(), 0.0, "a fresh head's W_O is zero after the graft: " + r));
        rows(out, "norm.W_out").forEach(r -> assertEquals(0.0, r.value(), 0.0, r.toString()));

        List<MeasureRow> cka = rows(out, "cka.source");
        assertEquals(2, cka.size(), "one per copied layer");
        cka.forEach(r -> assertEquals(1.0, r.value(), 1e-5, "the graft reproduces the source's residual: " + r));
        // the map is the identity up to ridge shrinkage (α = 1 on 48 fitted rows of 8 features)
        rows(out, "ridge_r2.source").forEach(r -> assertTrue(r.value() > 0.95, r.toString()));
        List<MeasureRow> own = rows(out, "cka.start");
        assertEquals(LARGE.layers(), own.size());
        own.forEach(r -> assertEquals(1.0, r.value(), 1e-9, r.toString()));
    }

    @Test
    void drift_is_the_relative_distance_of_the_moved_weights_and_fresh_parts_wake_up() {
        Transformer small = randomised(SMALL, 1);
        Transformer large = randomised(LARGE, 2);
        GraftPlan plan = front();
        Grafter.apply(plan, small, large);
        Transformer start = randomised(LARGE, 3);
        large.namedParameters().forEach((name, p) -> start.parameter(name).assign(p));
        // move head 1 of layer 1's W_Q by a known relative amount, and give fresh head 3 of layer 0 a W_O
        var wq = large.head(dev.graft.model.AttentionProjection.Q, 1, 1);
        double norm = wq.norm2Number().doubleValue();
        var delta = Nd4j.rand(wq.dataType(), wq.shape()).subi(0.5);
        delta.muli(0.25 * norm / delta.norm2Number().doubleValue());
        wq.addi(delta);
        large.head(dev.graft.model.AttentionProjection.O, 0, 3).assign(0.5);

        MeasureSession s = session();
        List<MeasureRow> out = s.measure("graft", 42, 100, s.view(large), s.view(start), Optional.of(s.view(small)),
                Optional.of(plan));
        for (MeasureRow r : rows(out, "drift.W_Q")) {
            double want = r.layer() == 1 && r.component().equals("head1") ? 0.25 : 0.0;
            assertEquals(want, r.value(), 1e-5, r.toString());
        }
        MeasureRow woken = rows(out, "norm.W_O").stream().filter(r -> r.layer() == 0 && r.component().equals("head3"))
                .findFirst().orElseThrow();
        assertEquals(0.5 * Math.sqrt(SMALL.dHead() * SMALL.dModel()), woken.value(), 1e-5);
        List<MeasureRow> cka = new ArrayList<>(rows(out, "cka.source"));
        assertTrue(cka.stream().anyMatch(r -> r.value() < 1 - 1e-4), "the moved weights change the residual: " + cka);
    }

    @Test
    void zero_ablating_the_fresh_heads_of_a_step_zero_graft_changes_nothing_and_the_inherited_ones_do() {
        Transformer small = randomised(SMALL, 1);
        Transformer large = randomised(LARGE, 2);
        GraftPlan plan = front();
        Grafter.apply(plan, small, large);
        MeasureSession s = new MeasureSession(List.of(new MeasureSession.Entry("ablation",
                create(new AblationMeasure()), List.of(), List.of())), positions(3));
        var view = s.view(large);
        List<MeasureRow> out = s.measure("graft", 42, 0, view, view, Optional.of(s.view(small)), Optional.of(plan));
        List<MeasureRow> fresh = out.stream().filter(r -> r.component().equals("heads.fresh")
                && r.measure().startsWith("ablate.zero.")).toList();
        assertEquals(2 * 3, fresh.size(), "two copied layers × (value, policy, aux R²): " + fresh);
        fresh.forEach(r -> assertEquals(0.0, r.value(), 1e-6, "fresh heads add nothing at step 0: " + r));
        out.stream().filter(r -> r.component().equals("neurons.fresh") && r.measure().startsWith("ablate.zero."))
                .forEach(r -> assertEquals(0.0, r.value(), 1e-6, "fresh neurons' W_out is zero at step 0: " + r));
        List<MeasureRow> inherited = out.stream().filter(r -> r.component().equals("heads.inherited")
                && r.measure().equals("ablate.zero.kl_policy")).toList();
        assertEquals(2, inherited.size());
        inherited.forEach(r -> assertTrue(r.value() > 1e-4, "the inherited heads carry the function: " + r));
        assertEquals(2 * SMALL.heads() * 3 * 2, out.stream().filter(r -> r.component().matches("head\\d+")).count(),
                "each inherited head alone, both modes, three numbers");
    }

    @Test
    void patching_the_sources_heads_into_a_step_zero_graft_and_back_changes_nothing() {
        Transformer small = randomised(SMALL, 1);
        Transformer large = randomised(LARGE, 2);
        GraftPlan plan = front();
        Grafter.apply(plan, small, large);
        MeasureSession s = new MeasureSession(List.of(new MeasureSession.Entry("patching",
                create(new PatchingMeasure()), List.of(), List.of())), positions(3));
        var view = s.view(large);
        List<MeasureRow> out = s.measure("graft", 42, 0, view, view, Optional.of(s.view(small)), Optional.of(plan));
        assertEquals(2 * 2 * 2, out.size(), "two layers × two directions × two numbers: " + out);
        out.forEach(r -> assertEquals(0.0, r.value(), 1e-6, r.toString()));

        // an unrelated source: patching its heads in changes the graft
        Transformer other = randomised(SMALL, 9);
        List<MeasureRow> moved = s.measure("graft", 42, 0, view, view, Optional.of(s.view(other)), Optional.of(plan));
        assertTrue(moved.stream().anyMatch(r -> r.measure().equals("patch.source_into_graft.kl_policy") && r.value() > 1e-4),
                moved.toString());
    }

    @Test
    void a_model_without_a_source_gets_only_its_own_step_zero_comparison() {
        Transformer large = randomised(LARGE, 2);
        MeasureSession s = session();
        var view = s.view(large);
        List<MeasureRow> out = s.measure("baseline", 42, 0, view, view, Optional.empty(), Optional.empty());
        assertEquals(LARGE.layers(), out.size(), "cka.start per layer, nothing needing a source: " + out);
        out.forEach(r -> assertEquals("cka.start", r.measure()));
    }
}

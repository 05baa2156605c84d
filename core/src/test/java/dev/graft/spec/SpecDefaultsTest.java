package dev.graft.spec;

import dev.graft.spi.ModelShape;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecDefaultsTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    void minimal_spec_gets_every_documented_default() {
        fx.write("quick-run.yaml", "seed: 7");
        GraftSpec spec = fx.load("quick-run.yaml");

        assertEquals("quick-run", spec.name(), "name defaults to the file's stem");
        assertEquals("", spec.description());
        assertEquals(7L, spec.seed());
        assertEquals(new PluginRef(PluginKind.GAME, "domineering",
                new dev.graft.spi.Options(Map.of("board", 8))), spec.game());
        assertEquals(List.of(), spec.auxiliary());

        assertEquals("random", spec.data().generator().name());
        assertEquals(PluginKind.GAME_GENERATOR, spec.data().generator().kind());
        assertEquals(25000, spec.data().games());
        assertEquals(new SplitSpec(0.8, 0.1, 0.1), spec.data().split());
        assertEquals(0, spec.data().threads());

        assertEquals(new ModelShape(128, 16, 4, 3, 512), spec.models().small());
        assertEquals(new ModelShape(128, 16, 8, 6, 768), spec.models().large());

        assertEquals(new TrainingSpec(2.3e-4, 0.01, 0, 3, 0, new BatchSizes(400, 200),
                new LossSpec(1.0, 0.2, 0.8), 200, 1000, 500, new PositionsSpec("per-game", 57, 20, -1)),
                spec.training());
        assertEquals("study", spec.models().init());
        assertEquals(dir.resolve("quick-run.yaml"), spec.source());
    }

    @Test
    void training_defaults_without_a_spec_are_the_schemas() {
        fx.write("quick-run.yaml", "seed: 7");
        assertEquals(fx.load("quick-run.yaml").training(), TrainingSpec.defaults(),
                "what the bench trains with is what a spec without training: gets");
    }

    @Test
    void a_models_training_settings_take_its_batch_and_drop_the_aux_weight_without_the_auxiliary_loss() {
        fx.write("s.yaml", "training: {lr: 0.001, weight_decay: 0.05, warmup_steps: 3, batch: {small: 64, large: 32},"
                + " loss: {value: 1.5, policy: 0.5, aux: 0.25}, validate_every: 7, quick_validation_positions: 9,"
                + " checkpoint_every: 11}");
        TrainingSpec t = fx.load("s.yaml").training();
        assertEquals(new dev.graft.train.TrainingSettings(0.001, 0.05, 3, 64,
                new dev.graft.model.LossWeights(1.5, 0.5, 0.25), 7, 9, 11),
                t.forModel(ExperimentSpec.ModelSize.SMALL, true));
        assertEquals(new dev.graft.train.TrainingSettings(0.001, 0.05, 3, 32,
                new dev.graft.model.LossWeights(1.5, 0.5, 0.0), 7, 9, 11),
                t.forModel(ExperimentSpec.ModelSize.LARGE, false));
    }

    @Test
    void seed_defaults_to_42_and_explicit_values_override_defaults() {
        fx.write("s.yaml",
                "name: custom",
                "description: a test run",
                "training:",
                "  lr: 0.001",
                "  batch: {small: 64}",
                "models:",
                "  small: {layers: 2}");
        GraftSpec spec = fx.load("s.yaml");
        assertEquals(42L, spec.seed());
        assertEquals("custom", spec.name());
        assertEquals("a test run", spec.description());
        assertEquals(0.001, spec.training().lr());
        assertEquals(new BatchSizes(64, 200), spec.training().batch());
        assertEquals(new ModelShape(128, 16, 4, 2, 512), spec.models().small());
    }

    @Test
    void plugin_given_by_name_or_mapping_resolves_all_declared_options() {
        fx.write("p.yaml",
                "game: {name: tiny-game, board: 6}",
                "auxiliary:",
                "  - fake-sectors",
                "  - name: fake-sectors",
                "    sector: 3",
                "    scale: 2",
                "data:",
                "  generator: random");
        GraftSpec spec = fx.load("p.yaml");
        assertEquals("tiny-game", spec.game().name());
        assertEquals(Map.of("board", 6, "variant", "plain"), spec.game().options().asMap());
        assertEquals(2, spec.auxiliary().size());
        assertEquals(Map.of("sector", 2, "scale", 1.0), spec.auxiliary().get(0).options().asMap());
        assertEquals(Map.of("sector", 3, "scale", 2.0), spec.auxiliary().get(1).options().asMap(),
                "an integer is accepted for a number option and widened");
        assertEquals(PluginKind.AUXILIARY_TASK, spec.auxiliary().get(1).kind());
    }

    @Test
    void empty_sections_and_lists_mean_their_defaults() {
        fx.write("e.yaml", "training:", "auxiliary:", "seed: 1");
        GraftSpec spec = fx.load("e.yaml");
        assertEquals(3, spec.training().epochs());
        assertEquals(List.of(), spec.auxiliary());
    }

    @Test
    void spec_values_expose_every_setting_by_path() {
        fx.write("v.yaml", "training: {warmup_steps: 50}");
        GraftSpec spec = fx.load("v.yaml");
        assertEquals(50, spec.values().section("training").integer("warmup_steps"));
        assertEquals(8, spec.values().at("game.board"));
        assertEquals(0.1, spec.values().at("data.split.test"));
        assertThrows(IllegalArgumentException.class, () -> spec.values().at("training.nope"));
    }

    @Test
    void typed_records_are_immutable() {
        fx.write("i.yaml", "auxiliary: [fake-sectors]");
        GraftSpec spec = fx.load("i.yaml");
        assertThrows(UnsupportedOperationException.class, () -> spec.auxiliary().clear());
        assertThrows(UnsupportedOperationException.class, () -> spec.game().options().asMap().put("board", 3));
        assertThrows(UnsupportedOperationException.class, () -> spec.values().values().put("seed", 1L));
    }

    @Test
    void schema_reference_lists_fields_with_defaults_and_descriptions() {
        List<FieldDoc> docs = SpecSchema.reference();
        FieldDoc lr = docs.stream().filter(d -> d.path().equals("training.lr")).findFirst().orElseThrow();
        assertEquals("a number > 0", lr.type());
        assertEquals("2.3E-4", lr.defaultValue());
        assertTrue(lr.description().contains("learning rate"));
        FieldDoc small = docs.stream().filter(d -> d.path().equals("training.batch.small")).findFirst().orElseThrow();
        assertEquals("400", small.defaultValue());
        assertEquals("an integer ≥ 1", small.type());
        assertTrue(docs.stream().anyMatch(d -> d.path().equals("extends")), "extends is documented");
        assertTrue(docs.stream().anyMatch(d -> d.path().equals("data.split.validation") && d.type().equals("a number from 0 to 1")));
        String table = SpecSchema.referenceText();
        assertTrue(table.lines().anyMatch(l -> l.startsWith("training.lr ") && l.contains("2.3E-4")), table);
        for (FieldDoc d : docs) {
            assertTrue(!d.description().isBlank(), () -> d.path() + " has no description");
        }
    }
}

package dev.graft.spec;

import dev.graft.spec.ExperimentSpec.Comparison;
import dev.graft.spec.ExperimentSpec.Condition;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.spi.GraftPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The experiment section and sweeps: the study's defaults, expansion, and every kind of bad input. */
class ExperimentSpecTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    private static List<String> names(ExperimentSpec e) {
        return e.conditions().stream().map(Condition::name).toList();
    }

    @Test
    void without_an_experiment_section_the_study_runs_five_conditions_for_three_seeds() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]");
        ExperimentSpec e = fx.load("s.yaml").experiment();
        assertEquals(List.of(42L, 123L, 456L), e.seeds());
        assertEquals(List.of("small+aux", "small-aux", "baseline", "graft+aux", "graft-aux"), names(e));
        Condition smallAux = e.condition("small+aux").orElseThrow();
        assertEquals(ModelSize.SMALL, smallAux.model());
        assertTrue(smallAux.auxiliary());
        assertFalse(e.condition("small-aux").orElseThrow().auxiliary());
        assertTrue(e.condition("baseline").orElseThrow().graft().isEmpty());
        var graft = e.condition("graft+aux").orElseThrow().graft().orElseThrow();
        assertEquals("small+aux", graft.from());
        assertEquals("front", graft.strategy().name());
        assertEquals("best", graft.checkpoint());
        assertEquals(List.of(0, 1, 2), graft.plan().copies().stream().map(GraftPlan.LayerCopy::largeLayer).toList());
        assertEquals(List.of(0, 1, 2), graft.plan().copies().stream().map(GraftPlan.LayerCopy::smallLayer).toList());
        assertEquals("small-aux", e.condition("graft-aux").orElseThrow().graft().orElseThrow().from());
        assertEquals(List.of(new Comparison("graft+aux", "baseline", 2), new Comparison("graft+aux", "graft-aux", 2),
                new Comparison("graft-aux", "baseline", 2)), e.compare(), "default layer: the last grafted layer");
    }

    @Test
    void without_an_auxiliary_task_the_defaults_are_the_three_conditions_that_need_none() {
        fx.write("s.yaml", "seed: 1");
        ExperimentSpec e = fx.load("s.yaml").experiment();
        assertEquals(List.of("small-aux", "baseline", "graft-aux"), names(e));
        assertEquals(List.of(new Comparison("graft-aux", "baseline", 2)), e.compare());
    }

    @Test
    void written_conditions_keep_only_the_default_comparisons_whose_conditions_exist() {
        fx.write("s.yaml", "experiment:", "  seeds: [7]", "  conditions:", "    small-aux: {model: small}",
                "    baseline: {model: large}", "    mine: {graft: {from: small-aux, strategy: {name: offset, at: 1}}}");
        ExperimentSpec e = fx.load("s.yaml").experiment();
        assertEquals(List.of(7L), e.seeds());
        assertEquals(List.of("small-aux", "baseline", "mine"), names(e));
        assertEquals(ModelSize.LARGE, e.condition("mine").orElseThrow().model(), "model defaults to large");
        assertEquals(List.of(), e.compare());
        GraftPlan plan = e.condition("mine").orElseThrow().graft().orElseThrow().plan();
        assertEquals(List.of(0), plan.silencedLayers());
        assertEquals(3, e.condition("mine").orElseThrow().graft().orElseThrow().lastCopiedLayer());
    }

    @Test
    void a_set_override_changes_one_default_condition_and_keeps_the_others() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]");
        ExperimentSpec e = fx.load("s.yaml", "experiment.conditions.graft+aux.graft.strategy.name=offset",
                "experiment.conditions.graft+aux.graft.strategy.at=1").experiment();
        assertEquals(List.of("small+aux", "small-aux", "baseline", "graft+aux", "graft-aux"), names(e));
        assertEquals(3, e.condition("graft+aux").orElseThrow().graft().orElseThrow().lastCopiedLayer());
        assertEquals(2, e.condition("graft-aux").orElseThrow().graft().orElseThrow().lastCopiedLayer());
    }

    @Test
    void a_sweep_expands_one_condition_into_named_variants_and_its_comparisons_with_it() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]",
                "experiment:",
                "  conditions:",
                "    small+aux: {model: small, auxiliary: true}",
                "    baseline: {model: large}",
                "    graft+aux: {model: large, graft: {from: small+aux, strategy: offset}}",
                "  compare: [{a: graft+aux, b: baseline}]",
                "sweep:",
                "  experiment.conditions.graft+aux.graft.strategy.at: [0, 1, 2, 3]");
        GraftSpec spec = fx.load("s.yaml");
        ExperimentSpec e = spec.experiment();
        assertEquals(List.of("small+aux", "baseline", "graft+aux[at=0]", "graft+aux[at=1]", "graft+aux[at=2]",
                "graft+aux[at=3]"), names(e));
        for (int at = 0; at < 4; at++) {
            Condition c = e.condition("graft+aux[at=" + at + "]").orElseThrow();
            assertEquals("graft+aux", c.sweptFrom().orElseThrow());
            assertEquals(at, c.graft().orElseThrow().strategy().options().getInt("at"));
            assertEquals(at + 2, c.graft().orElseThrow().lastCopiedLayer());
            assertEquals(new Comparison("graft+aux[at=" + at + "]", "baseline", at + 2), e.compare().get(at));
        }
        assertEquals(4, e.compare().size());
    }

    @Test
    void several_keys_of_one_condition_form_a_cross_product() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]",
                "sweep:",
                "  experiment.conditions.graft+aux.graft.strategy: [front, {name: offset, at: 1}]",
                "  experiment.conditions.graft+aux.graft.checkpoint: [best, last]");
        ExperimentSpec e = fx.load("s.yaml").experiment();
        assertEquals(List.of("small+aux", "small-aux", "baseline", "graft+aux[strategy=front,checkpoint=best]",
                "graft+aux[strategy=front,checkpoint=last]", "graft+aux[strategy=offset{at=1},checkpoint=best]",
                "graft+aux[strategy=offset{at=1},checkpoint=last]", "graft-aux"), names(e));
        assertEquals(4 + 4 + 1, e.compare().size(), "graft+aux − baseline and graft+aux − graft-aux per variant");
    }

    @Test
    void a_spec_with_a_sweep_resolves_to_yaml_that_loads_back_equal() throws Exception {
        fx.write("s.yaml", "auxiliary: [fake-sectors]",
                "experiment: {conditions: {small+aux: {model: small, auxiliary: true},"
                        + " g: {graft: {from: small+aux, strategy: offset}}}}",
                "sweep: {experiment.conditions.g.graft.strategy.at: [1, 2]}");
        GraftSpec original = fx.load("s.yaml");
        Path resolved = Files.writeString(dir.resolve("r.yaml"), original.toResolvedYaml());
        GraftSpec again = fx.loader.load(resolved, List.of());
        assertEquals(original.withSource(resolved), again);
        assertEquals(List.of("small+aux", "g[at=1]", "g[at=2]"), names(again.experiment()));
    }

    // ---- bad input -----------------------------------------------------------------------------

    @Test
    void a_graft_from_an_unknown_condition_names_the_known_ones() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]", "experiment:", "  conditions:",
                "    small+aux: {model: small, auxiliary: true}",
                "    g: {graft: {from: smal+aux}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 5, 23), "experiment.conditions.g.graft.from",
                "no condition 'smal+aux'", "Did you mean 'small+aux'?", "small+aux");
    }

    @Test
    void a_graft_without_a_source_says_which_small_conditions_exist() {
        fx.write("s.yaml", "experiment:", "  conditions:", "    s: {model: small}", "    g: {graft: {strategy: front}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 4, 16), "experiment.conditions.g.graft.from",
                "a graft needs the small condition it copies", "one of s.");
    }

    @Test
    void a_comparison_of_an_unknown_condition_is_refused() {
        fx.write("s.yaml", "experiment:", "  conditions: {s: {model: small}, g: {graft: {from: s}}}",
                "  compare: [{a: g, b: basline}]");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 3, 23), "experiment.compare.0.b",
                "no condition 'basline'", "Conditions: s, g.");
    }

    @Test
    void grafts_that_form_a_cycle_are_refused_once() {
        fx.write("s.yaml", "experiment:", "  conditions:", "    a: {graft: {from: b}}", "    b: {graft: {from: a}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 3, 23), "experiment.conditions.a.graft.from",
                "cycle: a → b → a");
    }

    @Test
    void a_graft_from_a_large_model_is_refused() {
        fx.write("s.yaml", "experiment:", "  conditions:", "    s: {model: small}", "    baseline: {model: large}",
                "    g: {graft: {from: baseline}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 5, 23), "experiment.conditions.g.graft.from",
                "'baseline' is a large model", "graft from a small condition: s.");
    }

    @Test
    void a_graft_into_a_small_model_is_refused() {
        fx.write("s.yaml", "experiment:", "  conditions:", "    s: {model: small}",
                "    t: {model: small, graft: {from: s}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 4, 30), "experiment.conditions.t.graft",
                "only a large model receives a graft");
    }

    @Test
    void a_graft_that_does_not_fit_at_its_offset_says_what_would() {
        fx.write("s.yaml", "experiment:", "  conditions:", "    s: {model: small}",
                "    g: {graft: {from: s, strategy: {name: offset, at: 4}}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 4, 55), "experiment.conditions.g.graft.strategy.at",
                "graft strategy 'offset' cannot graft models.small (3 layers", "into models.large (6 layers",
                "at most at = 3");
    }

    @Test
    void a_graft_that_does_not_fit_is_reported_once_not_again_by_its_comparisons() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]",
                "experiment: {conditions: {s: {model: small}, b: {}, g: {graft: {from: s, strategy: {name: offset, at: 5}}}},",
                "             compare: [{a: g, b: b}]}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 2, 103), "experiment.conditions.g.graft.strategy.at",
                "at most at = 3");
    }

    @Test
    void models_of_different_widths_cannot_graft() {
        fx.write("s.yaml", "models: {small: {d_head: 32}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 1, 26), "models.small.d_head", "must equal large.d_head");
    }

    @Test
    void an_auxiliary_loss_needs_a_small_model_and_an_auxiliary_task() {
        fx.write("s.yaml", "experiment:", "  conditions:", "    s: {model: small, auxiliary: true}",
                "    l: {model: large, auxiliary: true}");
        SpecException e = fx.failure("s.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("s.yaml", 3, 34), "experiment.conditions.s.auxiliary",
                "the spec has no auxiliary task", "auxiliary: [{name: sector-balance}]");
        assertError(e.errors().get(1), fx.at("s.yaml", 4, 34), "experiment.conditions.l.auxiliary",
                "large models train on the main objectives only");
    }

    @Test
    void seeds_must_be_given_and_distinct() {
        fx.write("a.yaml", "experiment: {seeds: []}");
        assertError(fx.onlyError("a.yaml"), fx.at("a.yaml", 1, 21), "experiment.seeds", "at least one seed");
        fx.write("b.yaml", "experiment: {seeds: [1, 2, 1]}");
        assertError(fx.onlyError("b.yaml"), fx.at("b.yaml", 1, 21), "experiment.seeds", "seeds must differ");
    }

    @Test
    void condition_names_are_restricted_to_folder_safe_characters() {
        fx.write("s.yaml", "experiment: {conditions: {a/b: {model: small}}}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 1, 27), "experiment.conditions.a/b",
                "'a/b' cannot name a condition", "letters, digits");
    }

    @Test
    void a_comparison_layer_must_exist_in_both_models() {
        fx.write("s.yaml", "experiment:", "  conditions: {s: {model: small}, g: {graft: {from: s}}}",
                "  compare: [{a: g, b: s, layer: 3}]");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 3, 33), "experiment.compare.0.layer",
                "layer 3 does not exist in both g and s", "0…2");
    }

    @Test
    void comparing_two_ungrafted_conditions_needs_a_layer() {
        fx.write("s.yaml", "experiment:", "  conditions: {s: {model: small}, b: {model: large}}",
                "  compare: [{a: b, b: s}]");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 3, 13), "experiment.compare.0",
                "no default layer; give layer: (0…2)");
    }

    @Test
    void a_sweep_over_a_setting_that_does_not_exist_is_refused_at_the_key() {
        fx.write("s.yaml", "sweep:", "  experiment.conditions.graft-aux.graft.stratgy.at: [0, 1]");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 2, 3),
                "sweep.experiment.conditions.graft-aux.graft.stratgy.at",
                "'stratgy' is not a setting of experiment.conditions.graft-aux.graft", "Did you mean 'strategy'?");
    }

    @Test
    void a_sweep_over_an_option_the_strategy_lacks_is_reported_once() {
        fx.write("s.yaml", "sweep:", "  experiment.conditions.graft-aux.graft.strategy.at: [0, 1, 2]");
        SpecError e = fx.onlyError("s.yaml");
        assertEquals(fx.at("s.yaml", 2, 3), e.where());
        assertTrue(e.message().contains("unknown option 'at' for graft strategy 'front'"), e.message());
    }

    @Test
    void a_sweep_over_an_unknown_condition_or_outside_the_conditions_is_refused() {
        fx.write("s.yaml", "sweep:", "  experiment.conditions.graft-aus.graft.checkpoint: [best]",
                "  training.lr: [0.1, 0.2]");
        SpecException e = fx.failure("s.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("s.yaml", 2, 3), "sweep.experiment.conditions.graft-aus.graft.checkpoint",
                "no condition 'graft-aus' to sweep", "Did you mean 'graft-aux'?");
        assertError(e.errors().get(1), fx.at("s.yaml", 3, 3), "sweep.training.lr",
                "a sweep key names one setting of one condition", "write one spec per value");
    }

    @Test
    void a_sweep_needs_values_and_its_variants_must_fit() {
        fx.write("a.yaml", "sweep: {experiment.conditions.graft-aux.graft.checkpoint: []}");
        assertError(fx.onlyError("a.yaml"), fx.at("a.yaml", 1, 59), "sweep.experiment.conditions.graft-aux.graft.checkpoint",
                "lists no values");
        fx.write("b.yaml", "experiment: {conditions: {s: {model: small}, g: {graft: {from: s, strategy: offset}}}}",
                "sweep:", "  experiment.conditions.g.graft.strategy.at: [1,", "     5]");
        SpecError e = fx.onlyError("b.yaml");
        assertError(e, fx.at("b.yaml", 4, 6), "experiment.conditions.g[at=5].graft.strategy.at", "at most at = 3");
    }

    @Test
    void a_condition_others_graft_from_cannot_be_swept() {
        fx.write("s.yaml", "sweep: {experiment.conditions.small-aux.model: [small, large]}");
        assertError(fx.onlyError("s.yaml"), fx.at("s.yaml", 1, 9), "sweep.experiment.conditions.small-aux.model",
                "'small-aux' cannot be swept: 'graft-aux' grafts from it");
    }
}

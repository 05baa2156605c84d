package dev.graft.spec;

import dev.graft.probe.ProbeSchedule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code probes} list: defaults, protocol settings beside plugin options, and every bad input at its place. */
class ProbeSpecTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    void a_spec_with_auxiliary_targets_gets_the_study_s_ridge_probe_by_default() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]");
        GraftSpec spec = fx.load("s.yaml");
        PluginRef ridge = spec.values().plugins("probes").get(0);
        assertEquals("ridge", ridge.name());
        assertEquals(1.0, ridge.options().getDouble("alpha"));
        assertEquals(0.2, ridge.options().getDouble("heldout"));
        assertFalse(ridge.options().asMap().containsKey("every"), "protocol settings are not plugin options");
        List<ProbeSchedule> schedules = ProbeSchedule.of(spec);
        assertEquals(1, schedules.size());
        ProbeSchedule s = schedules.get(0);
        assertEquals(new ProbeSchedule("ridge", ridge, 1000, 1000, 2000, List.of(), false, true, true, true), s);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), s.layersOf(spec.models().large().layers()));
        assertTrue(s.probes("large") && s.periodicOn("large"));
        assertTrue(s.probes("small") && !s.periodicOn("small"), "small models get the end-of-training reference only");
    }

    @Test
    void without_auxiliary_targets_the_default_probe_has_nothing_to_read_and_is_skipped() {
        fx.write("s.yaml", "seed: 1");
        assertTrue(ProbeSchedule.of(fx.load("s.yaml")).isEmpty());
        fx.write("none.yaml", "auxiliary: [fake-sectors]", "probes: []");
        assertTrue(ProbeSchedule.of(fx.load("none.yaml")).isEmpty());
    }

    @Test
    void protocol_settings_sit_beside_the_probe_s_options_and_survive_the_resolved_yaml() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]",
                "probes:",
                "  - {name: ridge, alpha: 0.5, every: 250, positions: 500, final_positions: 0, layers: [1, 2],"
                        + " on: all, controls: [shuffled]}",
                "  - {name: ridge, alphas: [0.1, 1, 10], label: ridge-cv}");
        GraftSpec spec = fx.load("s.yaml");
        List<ProbeSchedule> s = ProbeSchedule.of(spec);
        assertEquals(250, s.get(0).every());
        assertEquals(500, s.get(0).positions());
        assertEquals(0, s.get(0).finalPositions());
        assertEquals(List.of(1, 2), s.get(0).layers());
        assertTrue(s.get(0).smallModelsToo() && s.get(0).shuffled() && !s.get(0).init());
        assertEquals(0.5, s.get(0).probe().options().getDouble("alpha"));
        assertEquals("ridge-cv", s.get(1).label());
        assertEquals(List.of(0.1, 1.0, 10.0), s.get(1).probe().options().getDoubleList("alphas"));
        // written out and read back: the same spec
        fx.write("resolved.yaml", spec.toResolvedYaml());
        assertEquals(spec.values(), fx.load("resolved.yaml").values());
        assertTrue(spec.toResolvedYaml().contains("every: 250"), spec.toResolvedYaml());
    }

    @Test
    void probes_written_without_auxiliary_targets_are_refused_at_their_line() {
        fx.write("p.yaml", "seed: 1", "probes: [ridge]");
        assertError(fx.onlyError("p.yaml"), fx.at("p.yaml", 2, 9), "probes",
                "probes need auxiliary targets to read out, and this spec has none", "auxiliary: [sector-balance]",
                "probes: []");
    }

    @Test
    void a_probe_layer_beyond_the_model_is_refused_even_without_auxiliary_targets() {
        fx.write("p.yaml", "models: {large: {layers: 4}}", "probes: [{name: ridge, layers: [4]}]");
        SpecError e = fx.failure("p.yaml").errors().stream().filter(x -> x.path().equals("probes.0.layers.0")).findFirst().orElseThrow();
        assertTrue(e.message().contains("layer 4 does not exist in the large model"), e.message());
    }

    @Test
    void the_resolved_spec_of_a_spec_without_auxiliary_targets_loads_again() {
        fx.write("s.yaml", "seed: 1");
        GraftSpec spec = fx.load("s.yaml");
        fx.write("resolved.yaml", spec.toResolvedYaml());
        assertTrue(ProbeSchedule.of(fx.load("resolved.yaml")).isEmpty());
    }

    @Test
    void set_overrides_reach_a_probe_s_settings_and_options() {
        fx.write("s.yaml", "auxiliary: [fake-sectors]", "probes: [ridge]");
        GraftSpec spec = fx.load("s.yaml", "probes.0.every=50", "probes.0.alpha=3");
        assertEquals(50, ProbeSchedule.of(spec).get(0).every());
        assertEquals(3.0, ProbeSchedule.of(spec).get(0).probe().options().getDouble("alpha"));
    }

    @Test
    void alpha_of_zero_and_a_held_out_fraction_of_one_are_refused_at_their_place() {
        fx.write("a.yaml", "auxiliary: [fake-sectors]", "probes:", "  - name: ridge", "    alpha: 0");
        assertError(fx.onlyError("a.yaml"), fx.at("a.yaml", 4, 12), "probes.0.alpha", "expected a number > 0, got 0.");
        fx.write("h.yaml", "auxiliary: [fake-sectors]", "probes: [{name: ridge, heldout: 1}]");
        assertError(fx.onlyError("h.yaml"), fx.at("h.yaml", 2, 33), "probes.0.heldout",
                "expected a number > 0 and < 1, got 1.");
        fx.write("l.yaml", "auxiliary: [fake-sectors]", "probes: [{name: ridge, alphas: [1, -2]}]");
        assertError(fx.onlyError("l.yaml"), fx.at("l.yaml", 2, 36), "probes.0.alphas.1", "expected a number > 0, got -2.");
    }

    @Test
    void a_misspelt_setting_is_suggested_from_both_options_and_settings() {
        fx.write("x.yaml", "auxiliary: [fake-sectors]", "probes: [{name: ridge, evry: 10}]");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 24), "probes.0.evry",
                "unknown key 'evry' for probe 'ridge'.", "Did you mean 'every'?", "alpha", "final_positions");
    }

    @Test
    void a_probe_layer_that_does_not_exist_names_the_model_and_what_would_fit() {
        fx.write("x.yaml", "auxiliary: [fake-sectors]", "models: {large: {layers: 4}}",
                "probes: [{name: ridge, layers: [1, 4]}]");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 3, 36), "probes.0.layers.1",
                "layer 4 does not exist in the large model (models.large.layers: 4)", "use 0 to 3");
        fx.write("small.yaml", "auxiliary: [fake-sectors]", "probes: [{name: ridge, on: all, layers: [3]}]");
        assertError(fx.onlyError("small.yaml"), fx.at("small.yaml", 2, 42), "probes.0.layers.0",
                "does not exist in the small model (models.small.layers: 3)", "on: large");
    }

    @Test
    void too_few_positions_for_the_model_width_is_refused_naming_the_setting() {
        fx.write("x.yaml", "auxiliary: [fake-sectors]", "probes:", "  - {name: ridge, positions: 100}");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 3, 30), "probes.0.positions",
                "100 positions (80 to fit, 20 held out) from d_model 128 features", "needs at least 129 rows");
    }

    @Test
    void the_default_probes_without_targets_are_inert_and_two_probes_of_one_name_are_refused() throws Exception {
        fx.write("x.yaml", "seed: 3");
        assertTrue(ProbeSchedule.of(fx.load("x.yaml")).isEmpty(), "nothing to probe without targets");
        fx.write("d.yaml", "auxiliary: [fake-sectors]", "probes: [ridge, {name: ridge, alpha: 3}]");
        assertError(fx.onlyError("d.yaml"), fx.at("d.yaml", 2, 17), "probes.1", "both named 'ridge'", "label:");
        fx.write("l.yaml", "auxiliary: [fake-sectors]", "probes: [{name: ridge, label: a/b}]");
        assertError(fx.onlyError("l.yaml"), fx.at("l.yaml", 2, 31), "probes.0.label", "'/' and '@' mark the controls");
    }

    @Test
    void the_reference_documents_each_probe_setting_once() {
        List<String> paths = SpecSchema.reference().stream().map(FieldDoc::path).toList();
        for (String key : List.of("label", "every", "positions", "final_positions", "layers", "on", "reference", "controls")) {
            assertEquals(1, paths.stream().filter(p -> p.equals("probes.<n>." + key)).count(), key);
        }
        assertTrue(paths.indexOf("probes") < paths.indexOf("probes.<n>.every"));
    }
}

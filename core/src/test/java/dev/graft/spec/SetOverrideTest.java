package dev.graft.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SetOverrideTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
        fx.write("s.yaml",
                "seed: 1",
                "game: tiny-game",
                "auxiliary: [fake-sectors]",
                "training:",
                "  lr: 0.1");
    }

    @Test
    void values_are_read_as_yaml_scalars_with_their_types() {
        GraftSpec spec = fx.load("s.yaml", "training.lr=1e-3", "training.epochs=8", "description=two words: yes",
                "seed=7", "name=true-run", "data.split.train=0.7", "data.split.test=0.2");
        assertEquals(0.001, spec.training().lr());
        assertEquals(8, spec.training().epochs());
        assertEquals("two words: yes", spec.description());
        assertEquals(7L, spec.seed());
        assertEquals("true-run", spec.name());
        assertEquals(new SplitSpec(0.7, 0.1, 0.2), spec.data().split());
    }

    @Test
    void sets_apply_after_extends() {
        fx.write("child.yaml", "extends: s.yaml", "training: {lr: 0.2}");
        assertEquals(0.3, fx.load("child.yaml", "training.lr=0.3").training().lr());
        assertEquals(0.2, fx.load("child.yaml").training().lr());
    }

    @Test
    void later_set_of_the_same_path_wins() {
        assertEquals(5, fx.load("s.yaml", "training.epochs=4", "training.epochs=5").training().epochs());
    }

    @Test
    void list_items_are_indexed_and_a_named_plugin_becomes_a_mapping() {
        GraftSpec spec = fx.load("s.yaml", "auxiliary.0.sector=4", "game.board=8");
        assertEquals(Map.of("sector", 4, "scale", 1.0), spec.auxiliary().get(0).options().asMap());
        assertEquals("tiny-game", spec.game().name());
        assertEquals(8, spec.game().options().getInt("board"));
    }

    @Test
    void index_equal_to_the_size_appends_and_flow_values_work() {
        GraftSpec spec = fx.load("s.yaml", "auxiliary.1={name: fake-sectors, sector: 1}");
        assertEquals(2, spec.auxiliary().size());
        assertEquals(1, spec.auxiliary().get(1).options().getInt("sector"));
        assertEquals(List.of(), fx.load("s.yaml", "auxiliary=[]").auxiliary());
    }

    @Test
    void set_creates_missing_sections() {
        GraftSpec spec = fx.load("s.yaml", "models.small.layers=2", "data.generator=picky", "game=domineering");
        assertEquals(2, spec.models().small().layers());
        assertEquals("picky", spec.data().generator().name());
    }

    @Test
    void bad_value_is_reported_at_the_set_argument() {
        SpecError e = fx.onlyError("s.yaml", "training.lr=abc");
        assertError(e, "--set training.lr=abc", "training.lr", "expected a number > 0, got \"abc\".");
        assertEquals("--set training.lr=abc: training.lr: expected a number > 0, got \"abc\".", e.format());
    }

    @Test
    void set_values_go_through_cross_field_checks() {
        assertError(fx.onlyError("s.yaml", "auxiliary.0.sector=3"), "--set auxiliary.0.sector=3", "auxiliary.0",
                "sector 3 does not divide the 4x4 board");
        assertError(fx.onlyError("s.yaml", "data.split.test=0.3"), "--set data.split.test=0.3", "data.split",
                "= 1.2.");
    }

    @Test
    void unknown_path_gets_a_suggestion() {
        assertError(fx.onlyError("s.yaml", "traning.lr=1"), "--set traning.lr=1", "traning",
                "unknown key 'traning'", "Did you mean 'training'?");
        assertError(fx.onlyError("s.yaml", "game.bord=6"), "--set game.bord=6", "game.bord",
                "unknown option 'bord' for game 'tiny-game'.", "Did you mean 'board'?");
    }

    @Test
    void malformed_arguments_are_all_reported() {
        SpecException e = fx.failure("s.yaml", "training.lr", "=5", "training..lr=1", "extends=x.yaml");
        assertEquals(4, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), "--set training.lr", "", "expected key.path=value", "no '='");
        assertError(e.errors().get(1), "--set =5", "", "the setting path before '=' is empty");
        assertError(e.errors().get(2), "--set training..lr=1", "training..lr", "empty part");
        assertError(e.errors().get(3), "--set extends=x.yaml", "extends", "only be written in the spec file");
    }

    @Test
    void paths_that_cannot_be_followed_are_explained() {
        assertError(fx.onlyError("s.yaml", "auxiliary.5.sector=2"), "--set auxiliary.5.sector=2",
                "auxiliary.5.sector", "'auxiliary' is a list of 1 item", "from 0 to 1");
        assertError(fx.onlyError("s.yaml", "auxiliary.first=2"), "--set auxiliary.first=2",
                "auxiliary.first", "index it with a number");
        assertError(fx.onlyError("s.yaml", "training.lr.max=2"), "--set training.lr.max=2",
                "training.lr.max", "'training.lr' is 0.1, not a mapping");
    }

    @Test
    void errors_of_several_arguments_follow_the_argument_order() {
        SpecException e = fx.failure("s.yaml", "traning.lr=3", "seed=x", "nonsense");
        assertEquals(List.of("--set traning.lr=3", "--set seed=x", "--set nonsense"),
                e.errors().stream().map(SpecError::where).toList());
    }

    @Test
    void unparseable_flow_value_is_reported() {
        assertError(fx.onlyError("s.yaml", "auxiliary=[a, b"), "--set auxiliary=[a, b", "",
                "is not valid YAML");
    }

    @Test
    void errors_from_file_and_sets_are_reported_together_file_first() {
        fx.write("bad.yaml", "training:", "  epochs: 0");
        SpecException e = fx.failure("bad.yaml", "seed=-3");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertEquals(fx.at("bad.yaml", 2, 11), e.errors().get(0).where());
        assertEquals("--set seed=-3", e.errors().get(1).where());
    }
}

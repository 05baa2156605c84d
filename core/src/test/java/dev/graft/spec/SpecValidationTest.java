package dev.graft.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecValidationTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    void unknown_top_level_key_suggests_the_closest_and_lists_allowed_keys() {
        fx.write("x.yaml", "seed: 1", "traning:", "  lr: 0.1");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 1), "traning",
                "unknown key 'traning'", "Did you mean 'training'?",
                "Allowed keys: extends, name, description, seed, game, auxiliary, data, models, training, probes, measures, experiment, sweep, analysis.");
    }

    @Test
    void experiment_conditions_must_be_a_mapping_of_names() {
        fx.write("x.yaml", "experiment: {conditions: 5}");
        SpecError e = fx.onlyError("x.yaml");
        assertError(e, fx.at("x.yaml", 1, 26), "experiment.conditions", "expected a mapping of names to conditions");
    }

    @Test
    void unknown_nested_key_is_reported_at_the_key_with_suggestion() {
        fx.write("x.yaml", "training:", "  weight-decay: 0.1");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 3), "training.weight-decay",
                "unknown key 'weight-decay' in training", "Did you mean 'weight_decay'?", "lr, weight_decay");
    }

    @Test
    void string_where_integer_expected_names_both() {
        fx.write("x.yaml", "training:", "  epochs: abc");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 11), "training.epochs",
                "expected an integer ≥ 1, got \"abc\".");
    }

    @Test
    void number_out_of_range_shows_the_rule_and_the_value() {
        fx.write("x.yaml", "seed: 3", "training:", "  lr: -1");
        SpecError e = fx.onlyError("x.yaml");
        assertError(e, fx.at("x.yaml", 3, 7), "training.lr", "expected a number > 0, got -1.");
        assertEquals(fx.at("x.yaml", 3, 7) + ": training.lr: expected a number > 0, got -1.", e.format());
    }

    @Test
    void a_warm_up_as_long_as_the_run_is_refused_at_warmup_steps() {
        fx.write("x.yaml", "training:", "  steps: 50", "  warmup_steps: 50");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 3, 17), "training.warmup_steps",
                "the warm-up (50 steps) must end before the run's last step (steps: 50)");
        fx.write("ok.yaml", "training:", "  steps: 50", "  warmup_steps: 49");
        assertEquals(49, fx.load("ok.yaml").training().warmupSteps());
    }

    @Test
    void integer_is_accepted_where_a_number_is_expected() {
        fx.write("x.yaml", "training: {lr: 1, weight_decay: 0}");
        GraftSpec spec = fx.load("x.yaml");
        assertEquals(1.0, spec.training().lr());
        assertEquals(Double.class, spec.values().section("training").get("lr").getClass());
    }

    @Test
    void number_with_fraction_is_refused_where_an_integer_is_expected() {
        fx.write("x.yaml", "data:", "  games: 2.5", "training:", "  epochs: 3.0");
        SpecException e = fx.failure("x.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 2, 10), "data.games", "expected an integer ≥ 1, got 2.5.");
        assertError(e.errors().get(1), fx.at("x.yaml", 4, 11), "training.epochs",
                "got 3.0", "without a decimal point", ": 3.");
    }

    @Test
    void quoted_number_is_text_and_not_coerced() {
        fx.write("x.yaml", "training:", "  lr: \"0.001\"");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 7), "training.lr",
                "expected a number > 0, got \"0.001\"", "remove the quotes");
    }

    @Test
    void number_where_text_expected_suggests_quotes() {
        fx.write("x.yaml", "name: 2024", "description: no");
        SpecException e = fx.failure("x.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 1, 7), "name", "expected a string, got 2024", "put it in quotes");
        assertError(e.errors().get(1), fx.at("x.yaml", 2, 14), "description", "a boolean", "put it in quotes");
    }

    @Test
    void integer_beyond_range_of_int_is_refused() {
        fx.write("x.yaml", "data: {games: 99999999999}", "seed: -1");
        SpecException e = fx.failure("x.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 1, 15), "data.games",
                "expected an integer from 1 to 2147483647, got 99999999999.");
        assertError(e.errors().get(1), fx.at("x.yaml", 2, 7), "seed", "expected an integer ≥ 0, got -1.");
    }

    @Test
    void section_given_as_scalar_is_a_type_error_listing_its_keys() {
        fx.write("x.yaml", "training: fast");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 1, 11), "training",
                "expected a mapping of training settings", "lr, weight_decay", "got \"fast\"");
    }

    @Test
    void unknown_plugin_lists_available_names_of_its_kind() {
        fx.write("x.yaml", "game: domineerin", "data:", "  generator: alpha-beta");
        SpecException e = fx.failure("x.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 1, 7), "game", "unknown game 'domineerin'.",
                "Did you mean 'domineering'?", "Available games: domineering, tiny-game.");
        assertError(e.errors().get(1), fx.at("x.yaml", 3, 14), "data.generator",
                "unknown game generator 'alpha-beta'.", "Available game generators: picky, random.");
    }

    @Test
    void plugin_mapping_without_name_is_explained() {
        fx.write("x.yaml", "game:", "  board: 6");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 3), "game",
                "needs a 'name' key", "{name: domineering", "Available games: domineering, tiny-game.");
    }

    @Test
    void auxiliary_given_as_single_name_asks_for_a_list() {
        fx.write("x.yaml", "auxiliary: fake-sectors");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 1, 12), "auxiliary",
                "expected a list of auxiliary tasks", "[fake-sectors]");
    }

    @Test
    void plugin_options_are_validated_like_spec_fields() {
        fx.write("x.yaml",
                "game: {name: tiny-game, bord: 4}",
                "auxiliary:",
                "  - {name: fake-sectors, sector: 99, scale: big}");
        SpecException e = fx.failure("x.yaml");
        assertEquals(3, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 1, 25), "game.bord",
                "unknown option 'bord' for game 'tiny-game'.", "Did you mean 'board'?", "Allowed options: board, variant.");
        assertError(e.errors().get(1), fx.at("x.yaml", 3, 34), "auxiliary.0.sector",
                "expected an integer from 1 to 16, got 99.");
        assertError(e.errors().get(2), fx.at("x.yaml", 3, 45), "auxiliary.0.scale",
                "expected a number ≥ 0, got \"big\".");
    }

    @Test
    void plugin_option_choice_suggests_the_closest() {
        fx.write("x.yaml", "game:", "  name: tiny-game", "  variant: tor");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 3, 12), "game.variant",
                "expected one of plain, torus, got \"tor\".", "Did you mean 'torus'?");
    }

    @Test
    void invalid_options_exception_is_reported_at_the_named_option() {
        fx.write("x.yaml", "game:", "  name: tiny-game", "  variant: torus", "  board: 5");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 4, 10), "game.board",
                "game 'tiny-game': a torus needs an even board, got 5; use 4 or 6.");
    }

    @Test
    void invalid_options_without_a_named_option_point_at_the_plugin() {
        fx.write("x.yaml", "seed: 1", "game: {name: domineering, board: 13}");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 7), "game",
                "game 'domineering': board 13 is reserved for tests.");
    }

    @Test
    void auxiliary_task_incompatible_with_game_is_reported_at_the_task() {
        fx.write("x.yaml",
                "game: {name: domineering, board: 8}",
                "auxiliary:",
                "  - fake-sectors",
                "  - {name: fake-sectors, sector: 3}");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 4, 5), "auxiliary.1",
                "auxiliary task 'fake-sectors' cannot be used with game 'domineering':",
                "sector 3 does not divide the 8x8 board; use a divisor of 8.");
    }

    @Test
    void generator_incompatible_with_game_is_reported_at_the_generator() {
        fx.write("x.yaml", "game: tiny-game", "data:", "  generator: picky");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 3, 14), "data.generator",
                "game generator 'picky' cannot be used with game 'tiny-game': it only plays domineering.");
    }

    @Test
    void split_must_sum_to_one_and_the_error_shows_the_sum() {
        fx.write("x.yaml", "data:", "  split:", "    train: 0.8", "    validation: 0.1", "    test: 0.2");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 3, 5), "data.split",
                "train + validation + test must sum to 1, got 0.8 + 0.1 + 0.2 = 1.1.", "For example test: 0.1.");
    }

    @Test
    void split_sum_within_tolerance_is_accepted_and_fractions_are_bounded() {
        fx.write("ok.yaml", "data: {split: {train: 0.7, validation: 0.2, test: 0.1}}");
        assertEquals(new SplitSpec(0.7, 0.2, 0.1), fx.load("ok.yaml").data().split());
        fx.write("x.yaml", "data: {split: {train: 1.5}}");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 1, 23), "data.split.train",
                "expected a number from 0 to 1, got 1.5.");
    }

    @Test
    void small_model_must_graft_into_large_and_each_violation_names_both_values() {
        // d_model may differ (the widen strategy grows it; the others refuse at graft.strategy)
        fx.write("x.yaml",
                "models:",
                "  small: {d_model: 256, d_head: 16, heads: 4, layers: 8, d_mlp: 512}",
                "  large:",
                "    heads: 2",
                "    d_mlp: 256");
        SpecException e = fx.failure("x.yaml");
        assertEquals(3, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 2, 44), "models.small.heads",
                "small.heads (4) must be at most large.heads (2)");
        assertError(e.errors().get(1), fx.at("x.yaml", 2, 55), "models.small.layers",
                "small.layers (8) must be at most large.layers (6)");
        assertError(e.errors().get(2), fx.at("x.yaml", 2, 65), "models.small.d_mlp",
                "small.d_mlp (512) must be at most large.d_mlp (256)");
    }

    @Test
    void graft_violation_is_located_at_the_large_value_when_only_that_was_written() {
        fx.write("x.yaml", "models:", "  large:", "    heads: 2", "    d_mlp: 64");
        SpecException e = fx.failure("x.yaml");
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 3, 12), "models.large.heads",
                "small.heads (4) must be at most large.heads (2)");
        assertError(e.errors().get(1), fx.at("x.yaml", 4, 12), "models.large.d_mlp",
                "small.d_mlp (512) must be at most large.d_mlp (64)");
    }

    @Test
    void all_errors_of_a_spec_are_reported_in_file_order_one_paragraph_each() {
        fx.write("x.yaml",
                "seed: -5",
                "game: chess",
                "training:",
                "  epochs: 0",
                "  lrr: 1");
        SpecException e = fx.failure("x.yaml");
        assertEquals(4, e.errors().size(), e.getMessage());
        assertEquals("seed", e.errors().get(0).path());
        assertEquals("game", e.errors().get(1).path());
        assertEquals("training.epochs", e.errors().get(2).path());
        assertEquals("training.lrr", e.errors().get(3).path());
        String[] paragraphs = e.getMessage().split("\n\n");
        assertEquals(4, paragraphs.length);
        assertTrue(paragraphs[2].startsWith(fx.at("x.yaml", 4, 11) + ": training.epochs: expected an integer ≥ 1, got 0."),
                paragraphs[2]);
    }
}

package dev.graft.generators;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.plugin.EngineContext;
import dev.graft.spi.Game;
import dev.graft.spi.Options;
import dev.graft.spi.PrepareWork;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** graft plan's expectation of value self-play's work agrees with what preparing a batch does. */
class ValueSelfPlayWorkTest {
    private static final Game GAME = new DomineeringGame(4);

    private static ValueSelfPlayGenerator create(Map<String, Object> given) {
        Map<String, Object> options = new HashMap<>(Map.of("preset", "study", "games_per_round", 6,
                "match_openings", 3, "batch", 16, "d_model", 8, "heads", 2, "d_head", 4, "layers", 1, "d_mlp", 16));
        options.putAll(given);
        return new ValueSelfPlayGenerator(ValueSelfPlaySettings.from(
                Options.withDefaults(new ValueSelfPlayGeneratorFactory().options(), options)), new EngineContext(), 1);
    }

    @Test
    void the_study_presets_expected_games_and_rounds_are_those_its_preparation_plays() {
        ValueSelfPlayGenerator g = create(Map.of());
        PrepareWork work = g.work(GAME, 30).orElseThrow();
        // 6 self-play games and a 6-game match per round: 12, 24, then a third round's 6 fill the 30
        assertEquals(6 + 6 + 6 + 6 + 6, work.networkGames());
        assertEquals(4, work.rounds(), "the random round and three self-play rounds");
        assertEquals(6, work.randomGames());
        // ten positions per training game (6 less 1 held out) at batch 16: 4 steps, for the first network and 2 candidates
        assertEquals(3 * 4, work.trainingSteps());
        g.prepare(GAME, 7, 30);
        assertEquals(2, g.matches().size(), "two matches, as expected");
        assertEquals(12, g.kinds().stream().filter(k -> k == ValueSelfPlayGenerator.Kind.MATCH).count());
        assertEquals(18, g.kinds().stream().filter(k -> k == ValueSelfPlayGenerator.Kind.ROUND).count());
        assertFalse(g.shardable(GAME), "the study preset makes its games while it prepares");
    }

    @Test
    void the_fast_preset_is_shardable_and_plays_the_batch_with_its_network() {
        ValueSelfPlayGenerator g = create(Map.of("preset", "fast", "rounds", 2, "train_steps", 5));
        PrepareWork work = g.work(GAME, 40).orElseThrow();
        assertEquals(6 + 40, work.networkGames(), "round 1's self-play games and the batch");
        assertEquals(2 * 5, work.trainingSteps());
        assertTrue(g.shardable(GAME));
    }
}

package dev.graft.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolvedSpecTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    void resolved_yaml_loads_back_to_an_equal_spec() throws IOException {
        fx.write("base.yaml", "description: \"quotes ' and \\\" and: colons\"", "game: {name: tiny-game, board: 6}");
        fx.write("run.yaml", "extends: base.yaml", "auxiliary: [fake-sectors, {name: fake-sectors, sector: 3, scale: 0.5}]",
                "training: {lr: 1e-3}", "data: {generator: random, split: {train: 0.7, validation: 0.2}}");
        GraftSpec original = fx.load("run.yaml", "game.variant=torus", "seed=123456789012");
        String yaml = original.toResolvedYaml();
        Path resolved = Files.writeString(dir.resolve("spec.resolved.yaml"), yaml);

        GraftSpec reloaded = fx.loader.load(resolved, List.of());
        assertEquals(original.withSource(resolved), reloaded);
        assertEquals(original.hashOf(""), reloaded.hashOf(""));
        assertEquals("run", reloaded.name(), "the resolved file keeps the original name");
    }

    @Test
    void resolved_yaml_spells_out_defaults_and_every_plugin_option() {
        fx.write("min.yaml", "seed: 5");
        String yaml = fx.load("min.yaml").toResolvedYaml();
        for (String expected : List.of("name: min", "seed: 5", "game:\n  name: domineering\n  board: 8",
                "auxiliary: []", "generator:\n    name: random", "games: 25000", "validation: 0.1",
                "d_mlp: 768", "lr: 2.3E-4", "weight_decay: 0.01", "checkpoint_every: 500",
                "quick_validation_positions: 1000", "aux: 0.8")) {
            assertTrue(yaml.contains(expected), () -> "missing <" + expected + "> in\n" + yaml);
        }
        assertTrue(!yaml.contains("extends"), yaml);
    }

    @Test
    void hash_ignores_key_order_formatting_and_number_spelling() {
        fx.write("a.yaml", "training:", "  lr: 1e-3", "  weight_decay: 0.01", "data: {games: 100}");
        fx.write("b.yaml", "data:", "    games: 100", "training: {weight_decay: 1.0e-2,", "   lr: 0.001}");
        GraftSpec a = fx.load("a.yaml", "name=same");
        GraftSpec b = fx.load("b.yaml", "name=same");
        for (String path : List.of("", "data", "training", "game", "models", "training.batch")) {
            assertEquals(a.hashOf(path), b.hashOf(path), path);
        }
        assertTrue(a.hashOf("").matches("[0-9a-f]{64}"), a.hashOf(""));
    }

    @Test
    void hash_changes_with_any_value_under_its_path_and_only_those() {
        fx.write("a.yaml", "data: {games: 100}", "game: tiny-game");
        GraftSpec base = fx.load("a.yaml");
        GraftSpec moreGames = fx.load("a.yaml", "data.games=101");
        GraftSpec otherBoard = fx.load("a.yaml", "game.board=6");
        GraftSpec otherLr = fx.load("a.yaml", "training.lr=0.5");

        assertNotEquals(base.hashOf("data"), moreGames.hashOf("data"));
        assertNotEquals(base.hashOf(""), moreGames.hashOf(""));
        assertEquals(base.hashOf("game"), moreGames.hashOf("game"));

        assertNotEquals(base.hashOf("game"), otherBoard.hashOf("game"), "plugin options are hashed");
        assertEquals(base.hashOf("data"), otherBoard.hashOf("data"));

        assertNotEquals(base.hashOf("training"), otherLr.hashOf("training"));
        assertEquals(base.hashOf("data"), otherLr.hashOf("data"));
        assertEquals(base.hashOf("training.batch"), otherLr.hashOf("training.batch"));

        Set<String> sectionHashes = new HashSet<>();
        for (String p : List.of("", "data", "training", "game", "models", "auxiliary")) {
            sectionHashes.add(base.hashOf(p));
        }
        assertEquals(6, sectionHashes.size(), "different sections hash differently");
    }

    @Test
    void hash_of_an_unknown_path_is_refused() {
        fx.write("a.yaml", "seed: 1");
        GraftSpec spec = fx.load("a.yaml");
        assertThrows(IllegalArgumentException.class, () -> spec.hashOf("trainingg"));
    }

    @Test
    void canonical_form_sorts_keys_and_escapes_strings() {
        assertEquals("{\"a\":[1,2.5,true],\"b\":\"q\\\"\\\\\\u000a\"}",
                CanonicalForm.text(java.util.Map.of("b", "q\"\\\n", "a", List.of(1, 2.5, true))));
    }
}

package dev.graft.spec;

import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExtendsTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    void child_overrides_base_and_mappings_merge_deeply() {
        fx.write("base.yaml",
                "seed: 1",
                "description: base run",
                "auxiliary: [fake-sectors, fake-sectors]",
                "training:",
                "  lr: 0.01",
                "  epochs: 5",
                "  batch: {small: 32, large: 16}");
        fx.write("child.yaml",
                "extends: base.yaml",
                "seed: 2",
                "auxiliary: [{name: fake-sectors, sector: 4}]",
                "training:",
                "  epochs: 7",
                "  batch: {large: 8}");
        GraftSpec spec = fx.load("child.yaml");
        assertEquals(2L, spec.seed());
        assertEquals("base run", spec.description());
        assertEquals("child", spec.name(), "the name defaults to the loaded file, not the base");
        assertEquals(1, spec.auxiliary().size(), "lists are replaced whole");
        assertEquals(4, spec.auxiliary().get(0).options().getInt("sector"));
        assertEquals(0.01, spec.training().lr());
        assertEquals(7, spec.training().epochs());
        assertEquals(new BatchSizes(32, 8), spec.training().batch());
    }

    @Test
    void extends_chains_through_several_files_in_subfolders() {
        fx.write("common/root.yaml", "models:", "  small: {layers: 1}", "  large: {layers: 2}", "seed: 10");
        fx.write("common/mid.yaml", "extends: root.yaml", "models:", "  large: {layers: 4}", "seed: 11");
        fx.write("leaf.yaml", "extends: common/mid.yaml", "seed: 12");
        GraftSpec spec = fx.load("leaf.yaml");
        assertEquals(12L, spec.seed());
        assertEquals(new ModelShape(128, 16, 4, 1, 512), spec.models().small());
        assertEquals(new ModelShape(128, 16, 8, 4, 768), spec.models().large());
    }

    @Test
    void extends_cycle_is_an_error_naming_the_chain() {
        fx.write("a.yaml", "extends: b.yaml", "seed: 1");
        fx.write("b.yaml", "extends: c.yaml");
        fx.write("c.yaml", "extends: a.yaml");
        String a = dir.resolve("a.yaml").toString();
        String b = dir.resolve("b.yaml").toString();
        String c = dir.resolve("c.yaml").toString();
        assertError(fx.onlyError("a.yaml"), fx.at("c.yaml", 1, 10), "extends",
                "cycle: " + a + " → " + b + " → " + c + " → " + a + ".");
    }

    @Test
    void errors_in_a_base_report_the_base_file_and_line() {
        fx.write("base.yaml", "seed: 1", "training:", "  epochs: 0");
        fx.write("child.yaml", "extends: base.yaml", "training: {lr: 0.1}");
        assertError(fx.onlyError("child.yaml"), fx.at("base.yaml", 3, 11), "training.epochs",
                "expected an integer ≥ 1, got 0.");
    }

    @Test
    void structural_error_in_a_base_reports_the_base() {
        fx.write("base.yaml", "seed: 1", "seed: 2");
        fx.write("child.yaml", "extends: base.yaml");
        assertError(fx.onlyError("child.yaml"), fx.at("base.yaml", 2, 1), "seed", "duplicate key 'seed'");
    }

    @Test
    void missing_base_is_reported_at_the_extends_line() {
        fx.write("child.yaml", "seed: 3", "extends: nowhere.yaml");
        assertError(fx.onlyError("child.yaml"), fx.at("child.yaml", 2, 10), "extends",
                "cannot read the spec file '" + dir.resolve("nowhere.yaml") + "': no such file.");
    }

    @Test
    void extends_must_be_a_path() {
        fx.write("child.yaml", "extends: [a.yaml]");
        assertError(fx.onlyError("child.yaml"), fx.at("child.yaml", 1, 10), "extends",
                "expected the path of a base spec", "got a list");
    }

    @Test
    void mapping_options_override_a_plugin_named_in_the_base() {
        fx.write("base.yaml", "game: tiny-game");
        fx.write("child.yaml", "extends: base.yaml", "game: {board: 6}");
        GraftSpec spec = fx.load("child.yaml");
        assertEquals("tiny-game", spec.game().name());
        assertEquals(Map.of("board", 6, "variant", "plain"), spec.game().options().asMap());
    }

    @Test
    void a_plugin_name_in_the_child_replaces_the_base_plugin_with_its_options() {
        fx.write("base.yaml", "game: {name: tiny-game, board: 6}");
        fx.write("child.yaml", "extends: base.yaml", "game: domineering");
        GraftSpec spec = fx.load("child.yaml");
        assertEquals("domineering", spec.game().name());
        assertEquals(List.of("board"), List.copyOf(spec.game().options().asMap().keySet()));
        assertEquals(8, spec.game().options().getInt("board"));
    }
}

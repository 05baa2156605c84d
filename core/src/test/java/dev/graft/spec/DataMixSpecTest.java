package dev.graft.spec;

import dev.graft.plugin.PluginCatalog;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code data.mix}: several generators with fractions; and plugin options of type path. */
class DataMixSpecTest {
    @TempDir
    Path dir;
    SpecFixture fx;
    SpecLoader loader;

    /** The fake catalog plus a generator with a path option that must name an existing file. */
    static PluginCatalog catalog() {
        List<PluginFactory<?>> all = new ArrayList<>(FakePlugins.FACTORIES);
        all.add(new FakePlugins.Factory<GameGenerator>(PluginKind.GAME_GENERATOR, "from-file", "games of a file",
                List.of(OptionSpec.path("path", "", "the file")),
                o -> {
                    String p = o.getString("path");
                    if (p.isEmpty() || !Files.isRegularFile(Path.of(p))) {
                        throw new InvalidOptionsException("path", "no such file: " + p);
                    }
                    return new FakePlugins.FakeGenerator(null);
                }));
        return new PluginCatalog() {
            @Override
            public Optional<PluginFactory<?>> find(PluginKind kind, String name) {
                return all.stream().filter(f -> f.kind() == kind && f.name().equals(name)).findFirst();
            }

            @Override
            public dev.graft.spi.PluginContext context() {
                return dev.graft.spi.PluginContext.none();
            }

            @Override
            public List<String> names(PluginKind kind) {
                return all.stream().filter(f -> f.kind() == kind).map(PluginFactory::name).sorted().toList();
            }
        };
    }

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
        loader = new SpecLoader(catalog());
    }

    private SpecError onlyError(String name, String... sets) {
        SpecException e = assertThrows(SpecException.class, () -> loader.load(dir.resolve(name), List.of(sets)));
        assertEquals(1, e.errors().size(), () -> "expected one error, got:\n" + e.getMessage());
        return e.errors().get(0);
    }

    @Test
    void a_mix_replaces_the_generator_keeping_its_order_and_fractions() {
        fx.write("mix.yaml", "data:", "  generator: picky", "  mix:",
                "    - {generator: random, fraction: 0.5}",
                "    - {generator: picky, fraction: 0.5}");
        DataSpec data = loader.load(dir.resolve("mix.yaml")).data();
        assertEquals(List.of("random", "picky"), data.parts().stream().map(p -> p.generator().name()).toList());
        assertEquals(List.of(0.5, 0.5), data.parts().stream().map(DataSpec.Part::fraction).toList());

        fx.write("plain.yaml", "data: {generator: picky}");
        DataSpec plain = loader.load(dir.resolve("plain.yaml")).data();
        assertEquals(List.of(), plain.mix());
        assertEquals(List.of(new DataSpec.Part(plain.generator(), 1.0)), plain.parts(),
                "without a mix, data.generator plays every game");
    }

    @Test
    void mix_fractions_that_do_not_sum_to_one_are_refused_at_the_mix_key() {
        fx.write("x.yaml", "data:", "  mix:",
                "    - {generator: random, fraction: 0.5}",
                "    - {generator: picky, fraction: 0.4}");
        assertError(onlyError("x.yaml"), fx.at("x.yaml", 3, 5), "data.mix",
                "the fractions of the mix must sum to 1, got 0.5 + 0.4 = 0.9.");
        fx.write("ok.yaml", "data:", "  mix:",
                "    - {generator: random, fraction: 0.1}",
                "    - {generator: random, fraction: 0.2}",
                "    - {generator: picky, fraction: 0.7}");
        assertEquals(3, loader.load(dir.resolve("ok.yaml")).data().parts().size(),
                "0.1 + 0.2 + 0.7 is 1 within the tolerance");
        fx.write("over.yaml", "data:", "  mix:",
                "    - {generator: random, fraction: 0.5}",
                "    - {generator: random, fraction: 0.5000001}");
        assertError(onlyError("over.yaml"), fx.at("over.yaml", 3, 5), "data.mix", "= 1.0000001.");
    }

    @Test
    void an_unknown_generator_in_the_mix_is_named_at_its_value() {
        fx.write("x.yaml", "data:", "  mix:",
                "    - {generator: random, fraction: 0.5}",
                "    - {generator: alpha, fraction: 0.5}");
        assertError(onlyError("x.yaml"), fx.at("x.yaml", 4, 19), "data.mix.1.generator",
                "unknown game generator 'alpha'.", "Available game generators: from-file, picky, random.");
    }

    @Test
    void a_fraction_of_zero_or_less_is_refused_at_the_fraction() {
        fx.write("x.yaml", "data:", "  mix:",
                "    - {generator: random, fraction: 1}",
                "    - {generator: picky, fraction: 0}");
        assertError(onlyError("x.yaml"), fx.at("x.yaml", 4, 36), "data.mix.1.fraction",
                "expected a number > 0 and ≤ 1, got 0.");
        fx.write("y.yaml", "data:", "  mix:", "    - generator: random", "      fraction: -0.5");
        assertError(onlyError("y.yaml"), fx.at("y.yaml", 4, 17), "data.mix.0.fraction",
                "expected a number > 0 and ≤ 1, got -0.5.");
    }

    @Test
    void a_mix_generator_that_cannot_play_the_game_is_reported_at_that_generator() {
        fx.write("x.yaml", "game: tiny-game", "data:", "  mix:", "    - {generator: picky, fraction: 1}");
        assertError(onlyError("x.yaml"), fx.at("x.yaml", 4, 19), "data.mix.0.generator",
                "game generator 'picky' cannot be used with game 'tiny-game'");
    }

    @Test
    void mix_items_can_be_set_from_the_command_line_by_index() {
        fx.write("x.yaml", "data:", "  mix:",
                "    - {generator: random, fraction: 0.5}",
                "    - {generator: picky, fraction: 0.5}");
        DataSpec data = loader.load(dir.resolve("x.yaml"),
                List.of("data.mix.0.fraction=0.25", "data.mix.1.fraction=0.75")).data();
        assertEquals(List.of(0.25, 0.75), data.parts().stream().map(DataSpec.Part::fraction).toList());
    }

    @Test
    void a_path_option_is_resolved_against_the_folder_of_the_spec_that_wrote_it() throws Exception {
        Files.createDirectories(dir.resolve("base/data"));
        Files.writeString(dir.resolve("base/data/games.npz"), "x");
        Files.createDirectories(dir.resolve("exp"));
        Files.writeString(dir.resolve("exp/own.npz"), "x");
        fx.write("base/base.yaml", "data: {generator: {name: from-file, path: data/games.npz}}");
        fx.write("exp/child.yaml", "extends: ../base/base.yaml", "seed: 3");
        GraftSpec inherited = loader.load(dir.resolve("exp/child.yaml"));
        assertEquals(dir.resolve("base/data/games.npz").toAbsolutePath().normalize().toString(),
                inherited.data().generator().options().getString("path"), "relative to the base that wrote it");

        fx.write("exp/own.yaml", "data: {generator: {name: from-file, path: own.npz}}");
        GraftSpec own = loader.load(dir.resolve("exp/own.yaml"));
        String absolute = dir.resolve("exp/own.npz").toAbsolutePath().normalize().toString();
        assertEquals(absolute, own.data().generator().options().getString("path"));
        Path resolved = fx.write("exp/resolved.yaml", own.toResolvedYaml());
        Files.move(resolved, dir.resolve("elsewhere.yaml"));
        assertEquals(absolute, loader.load(dir.resolve("elsewhere.yaml")).data().generator().options().getString("path"),
                "the resolved spec holds the absolute path, so it loads the same from anywhere");
    }

    @Test
    void a_missing_file_of_a_path_option_is_reported_at_the_option() {
        fx.write("x.yaml", "data:", "  generator: {name: from-file, path: nowhere.npz}");
        assertError(onlyError("x.yaml"), fx.at("x.yaml", 2, 38), "data.generator.path",
                "game generator 'from-file': no such file: " + dir.resolve("nowhere.npz").toAbsolutePath().normalize());
        fx.write("y.yaml", "data:", "  generator: {name: from-file, path: 12}");
        assertError(onlyError("y.yaml"), fx.at("y.yaml", 2, 38), "data.generator.path",
                "expected a file path (relative to the spec file), got 12",
                "put it in quotes if you mean the text");
    }

    @Test
    void the_reference_lists_the_fields_of_a_mix_item() {
        List<String> paths = SpecSchema.reference().stream().map(FieldDoc::path).toList();
        int mix = paths.indexOf("data.mix");
        assertTrue(mix > 0, paths.toString());
        assertEquals(List.of("data.mix.<n>.generator", "data.mix.<n>.fraction"), paths.subList(mix + 1, mix + 3));
        assertTrue(SpecSchema.referenceText().contains("a list of parts"));
    }
}

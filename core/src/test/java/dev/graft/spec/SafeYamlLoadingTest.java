package dev.graft.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeYamlLoadingTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void billion_laughs_document_is_refused_at_once() {
        List<String> lines = new ArrayList<>();
        lines.add("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            String ref = "*" + p;
            lines.add(c + ": &" + c + " [" + String.join(",", java.util.Collections.nCopies(9, ref)) + "]");
        }
        fx.write("lol.yaml", lines.toArray(String[]::new));
        SpecError e = fx.onlyError("lol.yaml");
        assertError(e, dir.resolve("lol.yaml").toString(), "", "more than 20 aliases", "billion laughs");
    }

    @Test
    void java_type_tag_is_refused() {
        fx.write("x.yaml", "seed: 1", "name: !!java.io.File /etc/passwd");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 2, 7), "",
                "the tag '!!java.io.File' is not allowed", "remove the tag");
    }

    @Test
    void custom_and_nonstandard_tags_are_refused_with_their_location() {
        fx.write("x.yaml", "name: !foo bar", "description: !!binary aGVsbG8=", "auxiliary: !!set {a: null}");
        SpecException e = fx.failure("x.yaml");
        assertEquals(3, e.errors().size(), e.getMessage());
        assertError(e.errors().get(0), fx.at("x.yaml", 1, 7), "name", "the tag '!foo' is not allowed");
        assertError(e.errors().get(1), fx.at("x.yaml", 2, 14), "description", "the tag '!!binary' is not allowed");
        assertError(e.errors().get(2), fx.at("x.yaml", 3, 12), "auxiliary", "the tag '!!set' is not allowed");
    }

    @Test
    void explicit_standard_tags_are_fine() {
        fx.write("x.yaml", "name: !!str 123", "seed: !!int 5");
        GraftSpec spec = fx.load("x.yaml");
        assertEquals("123", spec.name());
        assertEquals(5L, spec.seed());
    }

    @Test
    void duplicate_key_is_an_error_naming_both_lines() {
        fx.write("x.yaml", "seed: 1", "training:", "  lr: 0.1", "  epochs: 2", "  lr: 0.2");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 5, 3), "training.lr",
                "duplicate key 'lr'", "already set at line 3");
    }

    @Test
    void merge_keys_are_refused() {
        fx.write("x.yaml", "base: &b {epochs: 2}", "training:", "  <<: *b");
        SpecError e = fx.failure("x.yaml").errors().get(0);
        assertError(e, fx.at("x.yaml", 3, 3), "training", "merge keys ('<<') are not supported", "extends");
    }

    @Test
    void recursive_alias_is_refused() {
        fx.write("x.yaml", "auxiliary: &a [*a]");
        assertError(fx.onlyError("x.yaml"), fx.at("x.yaml", 1, 12), "auxiliary.0", "recursive alias");
    }

    @Test
    void a_few_aliases_are_allowed() {
        fx.write("x.yaml", "models:", "  small: &shape {d_model: 64, d_head: 16, heads: 4, layers: 2, d_mlp: 128}",
                "  large: *shape");
        GraftSpec spec = fx.load("x.yaml");
        assertEquals(spec.models().small(), spec.models().large());
        assertEquals(64, spec.models().large().dModel());
    }

    @Test
    void empty_file_is_a_clear_error() {
        fx.write("empty.yaml", "# nothing here");
        assertError(fx.onlyError("empty.yaml"), dir.resolve("empty.yaml").toString(), "",
                "the file is empty", "game: domineering");
    }

    @Test
    void document_that_is_not_a_mapping_is_refused() {
        fx.write("list.yaml", "- seed: 1");
        assertError(fx.onlyError("list.yaml"), fx.at("list.yaml", 1, 1), "",
                "a spec must be a mapping of settings", "this document is a list");
    }

    @Test
    void yaml_syntax_error_is_located() {
        fx.write("bad.yaml", "seed: 1", "training: {lr: 0.1", "name: x");
        SpecError e = fx.onlyError("bad.yaml");
        assertTrue(e.where().startsWith(dir.resolve("bad.yaml") + ":3:"), e.where());
        assertTrue(e.message().startsWith("this is not valid YAML"), e.message());
    }

    @Test
    void several_documents_in_one_file_are_refused() {
        fx.write("two.yaml", "seed: 1", "---", "seed: 2");
        assertTrue(fx.onlyError("two.yaml").message().contains("more than one YAML document"));
    }

    @Test
    void missing_file_is_reported() {
        assertError(fx.onlyError("nope.yaml"), dir.resolve("nope.yaml").toString(), "",
                "cannot read the spec file", "no such file");
    }

    @Test
    void oversized_file_is_refused() {
        String big = "description: \"" + "x".repeat(SafeYamlReader.CODE_POINT_LIMIT + 10) + "\"";
        fx.write("big.yaml", big);
        assertTrue(fx.onlyError("big.yaml").message().contains("larger than"));
    }
}

package dev.graft.runner;

import dev.graft.plugin.PluginDiscovery;
import dev.graft.plugin.PluginReference;
import dev.graft.spi.PluginFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/plugin-reference.md's option tables are the built-in plugins' own declarations, so an option
 * added, renamed or given another default cannot be missing from the docs. To regenerate them after
 * changing a plugin's options: {@code mvn -pl runner -am test -Dtest=PluginReferenceDocTest
 * -Dgraft.updateDocs=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PluginReferenceDocTest {
    private static final Path DOC = Path.of("..", "docs", "plugin-reference.md");
    private static final String START = "<!-- generated from the plugins' OptionSpecs: PluginReferenceDocTest -->\n";

    @Test
    void the_docs_tables_list_every_built_in_plugin_option_as_its_factory_declares_it() throws Exception {
        List<PluginFactory<?>> builtIn = PluginDiscovery.discover(getClass().getClassLoader(), List.of()).stream()
                .map(PluginDiscovery.Found::factory).toList();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int from = doc.indexOf(START);
        assertTrue(from >= 0, "docs/plugin-reference.md needs the line: " + START);
        from += START.length();
        String expected = PluginReference.markdown(builtIn);
        String tables = doc.substring(from);
        if (Boolean.getBoolean("graft.updateDocs") && !tables.equals(expected)) {
            Files.writeString(DOC, doc.substring(0, from) + expected, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, tables, "docs/plugin-reference.md is out of date with the plugins' options; regenerate"
                + " it with mvn -pl runner -am test -Dtest=PluginReferenceDocTest -Dgraft.updateDocs=true"
                + " -Dsurefire.failIfNoSpecifiedTests=false");
    }

    @Test
    void a_table_row_holds_the_declared_type_default_range_and_description() {
        String md = PluginReference.markdown(List.of(new dev.graft.spi.DeclaredPlugin<Object>(
                dev.graft.spi.PluginKind.GAME, "tiny", "a | b",
                dev.graft.spi.OptionSpec.integer("board", 4, 2, 8, "side of the board")) {
            @Override
            public Object create(dev.graft.spi.Options options, dev.graft.spi.PluginContext context) {
                return null;
            }
        }));
        assertTrue(md.startsWith("## game\n\n### `tiny`\n\na \\| b (code version 1)\n\n"), md);
        assertTrue(md.contains("| `board` | int | `4` | 2 ≤ value ≤ 8 | side of the board |"), md);
    }
}

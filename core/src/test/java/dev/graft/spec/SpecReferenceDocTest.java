package dev.graft.spec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/spec-reference.md's table of every setting is the schema's own reference text, so a setting
 * added to the schema cannot be missing from the docs. To regenerate the table after changing the
 * schema: {@code mvn -pl core test -Dtest=SpecReferenceDocTest -Dgraft.updateDocs=true}.
 */
class SpecReferenceDocTest {
    private static final Path DOC = Path.of("..", "docs", "spec-reference.md");
    private static final String START = "## Every setting\n\n```\n";

    @Test
    void the_docs_table_lists_every_setting_as_the_schema_declares_it() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int from = doc.indexOf(START);
        assertEquals(true, from >= 0, "docs/spec-reference.md needs a section starting with: " + START);
        from += START.length();
        int to = doc.indexOf("```", from);
        String table = doc.substring(from, to);
        String expected = SpecSchema.referenceText();
        if (Boolean.getBoolean("graft.updateDocs") && !table.equals(expected)) {
            Files.writeString(DOC, doc.substring(0, from) + expected + doc.substring(to), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, table, "docs/spec-reference.md is out of date with SpecSchema; regenerate it with "
                + "mvn -pl core test -Dtest=SpecReferenceDocTest -Dgraft.updateDocs=true");
    }
}

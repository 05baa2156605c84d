package dev.graft.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Writes spec files into a temporary folder and loads them with the fake plugin catalog. */
final class SpecFixture {
    final Path dir;
    final SpecLoader loader = new SpecLoader(FakePlugins.catalog());

    SpecFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String... lines) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    GraftSpec load(String name, String... sets) {
        return loader.load(dir.resolve(name), List.of(sets));
    }

    SpecException failure(String name, String... sets) {
        return assertThrows(SpecException.class, () -> loader.load(dir.resolve(name), List.of(sets)));
    }

    /** The single error of a failing load. */
    SpecError onlyError(String name, String... sets) {
        SpecException e = failure(name, sets);
        assertEquals(1, e.errors().size(), () -> "expected one error, got:\n" + e.getMessage());
        return e.errors().get(0);
    }

    /** Asserts that {@code error} is at {@code where}, about {@code path}, and its message holds every part. */
    static void assertError(SpecError error, String where, String path, String... parts) {
        assertEquals(where, error.where(), () -> "location of: " + error);
        assertEquals(path, error.path(), () -> "path of: " + error);
        for (String part : parts) {
            org.junit.jupiter.api.Assertions.assertTrue(error.message().contains(part),
                    () -> "message lacks <" + part + ">: " + error.message());
        }
    }

    /** "file:line:col" of {@code name} in this folder, as errors show it. */
    String at(String name, int line, int column) {
        return dir.resolve(name) + ":" + line + ":" + column;
    }
}

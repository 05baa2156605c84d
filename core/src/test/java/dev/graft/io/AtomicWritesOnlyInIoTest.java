package dev.graft.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every atomic write goes through {@link AtomicFiles}: no main source file of any module outside the
 * io package renames with {@code ATOMIC_MOVE} (its own temp-file-and-rename would skip the fsync, the
 * full-disk report and the clean-up that AtomicFiles does).
 */
class AtomicWritesOnlyInIoTest {

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("core/src/main/java")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no graft repository above " + here);
    }

    @Test
    void no_class_outside_io_moves_files_with_atomic_move() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources;
        try (Stream<Path> all = Files.walk(root)) {
            sources = all.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
        }
        assertTrue(sources.stream().anyMatch(p -> p.endsWith("dev/graft/io/AtomicFiles.java")),
                "the scan must see the io package (found " + sources.size() + " files under " + root + ")");
        List<String> offenders = sources.stream()
                .filter(p -> !p.getParent().endsWith("dev/graft/io"))
                .filter(p -> read(p).contains("ATOMIC_MOVE"))
                .map(p -> root.relativize(p).toString())
                .sorted()
                .toList();
        assertEquals(List.of(), offenders, "these classes rename with ATOMIC_MOVE themselves; use io.AtomicFiles"
                + " (write, writeFile, writeDirectory, rename, renameAtomically)");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

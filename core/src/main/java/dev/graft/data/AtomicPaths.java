package dev.graft.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a file or a whole folder under a temporary name beside the target and renames it into
 * place only once complete, so a reader (or a crash) never sees half of it. For writers that want
 * a path rather than a stream (the NPY library); {@link dev.graft.io.AtomicFiles} covers streams.
 */
public final class AtomicPaths {
    private AtomicPaths() {
    }

    /** Writes what it is given into a path. */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path path) throws IOException;
    }

    /** Writes {@code target} through a temporary file in the same folder; replaces an existing file. */
    public static void writeFile(Path target, PathWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try {
                writer.write(tmp);
            } catch (IOException e) {
                throw dev.graft.io.NoSpaceException.explain(e, target, sizeOf(tmp));
            }
            move(tmp, target, true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Fills a temporary folder beside {@code target} and renames it to {@code target}, which must not
     * exist (or be an empty folder, which is replaced).
     */
    static void writeDirectory(Path target, PathWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
        boolean done = false;
        try {
            try {
                writer.write(tmp);
            } catch (IOException e) {
                throw dev.graft.io.NoSpaceException.explain(e, abs, sizeOf(tmp));
            }
            if (Files.isDirectory(abs)) {
                try (var entries = Files.list(abs)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(abs);
                    }
                }
            }
            move(tmp, abs, false);
            done = true;
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    /** Bytes already in a file or folder (what a failed write had written: the least it needed). */
    private static long sizeOf(Path p) {
        try (var all = Files.walk(p)) {
            return all.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

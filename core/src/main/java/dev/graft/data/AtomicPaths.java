package dev.graft.data;

import dev.graft.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The data package's names for {@link AtomicFiles}' path writers: a file or a whole folder written
 * under a temporary name beside the target and renamed into place only once complete.
 */
public final class AtomicPaths {
    private AtomicPaths() {
    }

    /** Writes what it is given into a path. */
    @FunctionalInterface
    public interface PathWriter extends AtomicFiles.PathWriter {
    }

    /** Writes {@code target} through a temporary file in the same folder; replaces an existing file. */
    public static void writeFile(Path target, PathWriter writer) throws IOException {
        AtomicFiles.writeFile(target, writer);
    }

    /**
     * Fills a temporary folder beside {@code target} and renames it to {@code target}, which must not
     * exist (or be an empty folder, which is replaced).
     */
    static void writeDirectory(Path target, PathWriter writer) throws IOException {
        AtomicFiles.writeDirectory(target, writer);
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        AtomicFiles.deleteTree(root);
    }
}

package dev.graft.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The one way graft writes a file or folder that others read (results, cache entries, checkpoints,
 * metrics, probe files): readers see either the old content or the whole new content, never a partial
 * one. The bytes go to a hidden temporary file in the same folder ({@code .<name>.<random>.tmp}), are
 * forced to disk, and the temporary file is renamed over the target; the folder is then synced. Folders
 * are filled under a hidden temporary name and renamed into place. No other class moves files with
 * {@code ATOMIC_MOVE} (a test checks it).
 */
public final class AtomicFiles {

    /** Writes a file's content to the stream it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file or fills a folder at the path it is given (for libraries that take a path, not a stream). */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path path) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** Writes {@code lines}, each followed by a line feed, in UTF-8. */
    public static void writeLines(Path target, List<String> lines) throws IOException {
        write(target, out -> {
            for (String line : lines) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    /** Whether {@code file} is a temporary file left by a killed writer of this class. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** Temporary files are created owner-only; results are ordinary files others may read. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep the default permissions
        }
    }

    /** Counts into {@code count[0]} the bytes asked to be written (including those of a write that fails). */
    private static OutputStream counting(OutputStream out, long[] count) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                count[0]++;
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                count[0] += len;
                out.write(b, off, len);
            }
        };
    }

    /**
     * Writes {@code target} atomically from {@code writer}; on failure the temporary file is removed and
     * a full disk is reported as a {@link NoSpaceException} naming the file and the bytes it needed.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        readableByAll(tmp);
        boolean done = false;
        long[] written = {0};
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = counting(java.nio.channels.Channels.newOutputStream(ch), written)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            rename(tmp, target, true);
            done = true;
        } catch (IOException e) {
            // A full disk says which file and how much it needed (what was asked to be written when it failed).
            throw NoSpaceException.explain(e, target, written[0]);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        forceDirectory(dir);
    }

    /**
     * Writes {@code target} through a temporary file in the same folder that {@code writer} fills by
     * its path (e.g. an NPY library); replaces an existing file. On failure the temporary file is removed
     * and a full disk is reported as a {@link NoSpaceException}.
     */
    public static void writeFile(Path target, PathWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try {
                writer.write(tmp);
            } catch (IOException e) {
                throw NoSpaceException.explain(e, target, sizeOf(tmp));
            }
            rename(tmp, target, true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Fills a temporary folder beside {@code target} and renames it to {@code target}, which must not
     * exist (or be an empty folder, which is replaced). On failure the temporary folder is removed.
     */
    public static void writeDirectory(Path target, PathWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
        boolean done = false;
        try {
            try {
                writer.write(tmp);
            } catch (IOException e) {
                throw NoSpaceException.explain(e, abs, sizeOf(tmp));
            }
            if (Files.isDirectory(abs)) {
                try (var entries = Files.list(abs)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(abs);
                    }
                }
            }
            rename(tmp, abs, false);
            done = true;
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Renames {@code from} to {@code to} atomically where the file system can, else with a plain move;
     * {@code replace}: over an existing file (or empty folder).
     */
    public static void rename(Path from, Path to, boolean replace) throws IOException {
        try {
            move(from, to, replace, true);
        } catch (AtomicMoveNotSupportedException e) {
            move(from, to, replace, false);
        }
    }

    /**
     * Renames {@code from} to {@code to} atomically, or fails naming the file system that cannot: for
     * renames whose atomicity others rely on (a cache entry's commit, a run folder's link).
     */
    public static void renameAtomically(Path from, Path to, boolean replace) throws IOException {
        try {
            move(from, to, replace, true);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.toAbsolutePath().getParent()
                    + " cannot rename " + from + " atomically", e);
        }
    }

    private static void move(Path from, Path to, boolean replace, boolean atomic) throws IOException {
        if (atomic && replace) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else if (atomic) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } else if (replace) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(from, to);
        }
    }

    /** Makes a rename in {@code dir} durable; some platforms cannot open a folder, which only weakens durability. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
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

    /** Deletes a folder and everything in it, if it exists (a link is removed, not followed). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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

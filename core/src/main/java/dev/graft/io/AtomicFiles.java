package dev.graft.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old content or the whole new content, never a
 * partial file: the bytes go to a temporary file in the same folder, are forced to disk, and the
 * temporary file is renamed over the target.
 */
public final class AtomicFiles {

    /** Writes a file's content to the stream it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
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
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            // A full disk says which file and how much it needed (what was asked to be written when it failed).
            throw NoSpaceException.explain(e, target, written[0]);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}

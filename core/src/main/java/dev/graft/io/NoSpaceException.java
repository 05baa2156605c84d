package dev.graft.io;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A write failed for lack of space (ENOSPC, or a quota). The message names the file, how much the
 * write needed and how much the file system has free, and what to do; the writer has already removed
 * its temporary file, so nothing half-written is left. A run failure (exit 1), not a user error: the
 * input was right, the machine lacked room.
 */
public class NoSpaceException extends IOException {
    private final transient Path target;
    private final long needed;

    public NoSpaceException(Path target, long needed, IOException cause) {
        super(message(target, needed), cause);
        this.target = target;
        this.needed = needed;
    }

    public Path target() {
        return target;
    }

    /** Bytes the write needed (at least). */
    public long needed() {
        return needed;
    }

    /** Whether {@code e} (or a cause of it) says the device is full or a quota is exceeded. */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code e} as a {@link NoSpaceException} when it is one (with {@code needed} bytes for {@code target}), else itself. */
    public static IOException explain(IOException e, Path target, long needed) {
        if (e instanceof NoSpaceException || !isNoSpace(e)) {
            return e;
        }
        return new NoSpaceException(target, needed, e);
    }

    private static String message(Path target, long needed) {
        String free = "";
        try {
            Path dir = target.toAbsolutePath().getParent();
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
            if (dir != null) {
                FileStore store = Files.getFileStore(dir);
                free = ", " + size(store.getUsableSpace()) + " free on " + store + " (" + dir + ")";
            }
        } catch (IOException | RuntimeException ignored) {
            // free space unknown
        }
        return "no space left on the device writing " + target + ": it needed at least " + size(needed) + free
                + "; nothing half-written was kept. Free some space (graft cache gc removes cache entries no spec"
                + " needs) or give --cache / --out on a larger disk, then run again: finished stages are reused";
    }

    /** A byte count for people: {@code 512 B}, {@code 3.4 KB}, {@code 1.2 MB}, {@code 5.0 GB} (powers of 1,024). */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

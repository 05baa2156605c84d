package dev.graft.probe;

import dev.graft.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The run directory's {@code probes.csv}: a header, then one row per probe fit, appended as fits are
 * made. Columns: {@value #HEADER}; {@code r2} in full precision, {@code alpha} empty when the probe
 * reports none. Rows of several conditions and seeds share the file: use one instance per file (its
 * methods are synchronized). A resumed run calls {@link #rewind} to drop the rows it will write again,
 * so a kill and resume never duplicates rows; a row cut off by a kill is dropped at the next rewrite and
 * skipped by {@link #read}.
 */
public final class ProbeLog {
    /** The header; the first six columns are the run directory contract, the rest may grow. */
    public static final String HEADER = "condition,seed,step,layer,probe,r2,alpha,n_train,n_heldout,set";
    private static final int COLUMNS = 10;

    private final Path file;

    public ProbeLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** Appends rows (with the header first when the file is new), each write forced to disk. */
    public synchronized void append(List<ProbeRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            StringBuilder text = new StringBuilder();
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size == 0) {
                text.append(HEADER).append('\n');
            } else if (!firstLine().equals(HEADER)) {
                throw new IllegalStateException(file + " starts with '" + firstLine() + "', not the probes.csv header '"
                        + HEADER + "'; move it away or delete it");
            } else if (!endsWithNewline()) {
                text.append('\n'); // a row cut off by a kill stays a line of its own, dropped when read
            }
            for (ProbeRow r : rows) {
                text.append(format(r)).append('\n');
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 Writer w = java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8)) {
                w.write(text.toString());
                w.flush();
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + file + ": " + e.getMessage(), e);
        }
    }

    private String firstLine() throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("");
        }
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return true;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /**
     * Keeps every row of other runs and the rows of ({@code condition}, {@code seed}) with
     * {@code step ≤ keepThroughStep} ({@code -1} drops all of them); drops incomplete rows. The file is
     * rewritten atomically, and only when something changes.
     */
    public synchronized void rewind(String condition, long seed, long keepThroughStep) {
        retain(r -> !r.condition().equals(condition) || r.seed() != seed || r.step() <= keepThroughStep);
    }

    /** Drops one run's rows of a set ({@code periodic} or {@code final}) at one step, e.g. before that probe is redone. */
    public synchronized void drop(String condition, long seed, String set, long step) {
        retain(r -> !(r.condition().equals(condition) && r.seed() == seed && r.set().equals(set) && r.step() == step));
    }

    private void retain(Predicate<ProbeRow> keep) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && !lines.get(0).equals(HEADER)) {
                throw new IllegalStateException(file + " starts with '" + lines.get(0) + "', not the probes.csv header '"
                        + HEADER + "'; move it away or delete it");
            }
            boolean terminated = endsWithNewline();
            List<String> kept = new ArrayList<>();
            kept.add(HEADER);
            boolean changed = lines.isEmpty() || !terminated;
            for (int i = 1; i < lines.size(); i++) {
                boolean cutOff = i == lines.size() - 1 && !terminated;
                ProbeRow r = cutOff ? null : parse(lines.get(i));
                if (r != null && keep.test(r)) {
                    kept.add(lines.get(i));
                } else {
                    changed = true;
                }
            }
            if (changed) {
                AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every complete row, in file order (none when the file does not exist). */
    public synchronized List<ProbeRow> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<ProbeRow> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                boolean lastUnterminated = i == lines.size() - 1 && !endsWithNewline();
                ProbeRow r = lastUnterminated ? null : parse(lines.get(i));
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code rows} as a whole probes.csv (header first) atomically: the run directory's file,
     * assembled from its stages' own logs, is always whole.
     */
    public static void writeAll(Path target, List<ProbeRow> rows) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (ProbeRow r : rows) {
            text.append(format(r)).append('\n');
        }
        dev.graft.io.AtomicFiles.writeString(target, text.toString());
    }

    static String format(ProbeRow r) {
        return String.join(",", quote(r.condition()), Long.toString(r.seed()), Long.toString(r.step()),
                Integer.toString(r.layer()), quote(r.probe()), Double.toString(r.r2()),
                Double.isNaN(r.alpha()) ? "" : Double.toString(r.alpha()), Integer.toString(r.nTrain()),
                Integer.toString(r.nHeldout()), quote(r.set()));
    }

    /** A row, or null when the line is not a complete row. */
    static ProbeRow parse(String line) {
        List<String> f = split(line);
        if (f == null || f.size() != COLUMNS) {
            return null;
        }
        try {
            return new ProbeRow(f.get(0), Long.parseLong(f.get(1)), Long.parseLong(f.get(2)), Integer.parseInt(f.get(3)),
                    f.get(4), Double.parseDouble(f.get(5)), f.get(6).isEmpty() ? Double.NaN : Double.parseDouble(f.get(6)),
                    Integer.parseInt(f.get(7)), Integer.parseInt(f.get(8)), f.get(9));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** RFC 4180 fields of one line; null for an unterminated quote. */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(cur.toString());
        return out;
    }
}

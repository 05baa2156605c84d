package dev.graft.measure;

import dev.graft.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A {@code measures.csv} file: header {@value #HEADER}, one row per number, {@code value} in full precision
 * (Java's shortest round-trip form; {@code NaN} where undefined). Every change rewrites the file atomically,
 * so a kill never leaves half a row. A training stage keeps its own file; the run folder's is assembled from
 * them ({@link #writeAll}). Use one instance per file (its methods are synchronized).
 */
public final class MeasureLog {
    /** The header: the run folder's file contract. */
    public static final String HEADER = "condition,seed,step,layer,component,measure,value";

    private final Path file;

    public MeasureLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** Adds rows after the existing ones. */
    public synchronized void append(List<MeasureRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<MeasureRow> all = new ArrayList<>(read());
        all.addAll(rows);
        write(all);
    }

    /**
     * Keeps the rows of other conditions and seeds and those of ({@code condition}, {@code seed}) with
     * {@code step ≤ keepThroughStep} (−1 drops them all): a resumed stage drops what it will measure again.
     */
    public synchronized void rewind(String condition, long seed, long keepThroughStep) {
        retain(r -> !r.condition().equals(condition) || r.seed() != seed || r.step() <= keepThroughStep);
    }

    /** Drops the rows of one condition, seed and step, e.g. before that step is measured again. */
    public synchronized void drop(String condition, long seed, long step) {
        retain(r -> !(r.condition().equals(condition) && r.seed() == seed && r.step() == step));
    }

    private void retain(Predicate<MeasureRow> keep) {
        if (!Files.exists(file)) {
            return;
        }
        List<MeasureRow> rows = read();
        List<MeasureRow> kept = rows.stream().filter(keep).toList();
        if (kept.size() != rows.size()) {
            write(kept);
        }
    }

    /** Every row, in file order (none when the file does not exist). */
    public synchronized List<MeasureRow> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return List.of();
            }
            if (!lines.get(0).equals(HEADER)) {
                throw new IllegalStateException(file + " starts with '" + lines.get(0) + "', not the measures.csv header '"
                        + HEADER + "'; move it away or delete it");
            }
            List<MeasureRow> out = new ArrayList<>(lines.size() - 1);
            for (int i = 1; i < lines.size(); i++) {
                out.add(parse(lines.get(i), i + 1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<MeasureRow> rows) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            writeAll(file, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code rows} as a whole measures.csv (header first), atomically. */
    public static void writeAll(Path target, List<MeasureRow> rows) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (MeasureRow r : rows) {
            text.append(format(r)).append('\n');
        }
        AtomicFiles.writeString(target, text.toString());
    }

    static String format(MeasureRow r) {
        return String.join(",", name(r.condition()), Long.toString(r.seed()), Long.toString(r.step()),
                Integer.toString(r.layer()), name(r.component()), name(r.measure()), Double.toString(r.value()));
    }

    private MeasureRow parse(String line, int lineNumber) {
        List<String> f = fields(line);
        if (f == null || f.size() != 7) {
            throw new IllegalStateException(file + ":" + lineNumber + ": expected 7 fields (" + HEADER + "), got '"
                    + line + "'; move the file away or delete it");
        }
        try {
            return new MeasureRow(f.get(0), Long.parseLong(f.get(1)), Long.parseLong(f.get(2)), Integer.parseInt(f.get(3)),
                    f.get(4), f.get(5), Double.parseDouble(f.get(6)));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ":" + lineNumber + ": " + e.getMessage() + "; move the file away or"
                    + " delete it", e);
        }
    }

    /** A field, quoted (RFC 4180) when it holds a comma or a quote, as a swept condition's name may. */
    private static String name(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("'" + s + "' cannot be a measures.csv field: no line breaks");
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The RFC 4180 fields of one line; null for an unterminated quote. */
    static List<String> fields(String line) {
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

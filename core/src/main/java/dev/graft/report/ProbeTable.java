package dev.graft.report;

import dev.graft.io.UserInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rows of {@code probes.csv} (header {@code condition,seed,step,layer,probe,r2}, in any column
 * order, more columns allowed). A {@code set} column, when there is one, tells rows of the final
 * probe ({@code final}) from those of the probe set used during training ({@code periodic}): the
 * curves over steps use the periodic rows, so that every point of a curve is scored on the same
 * positions, and the final R² of a condition is its final row where there is one, else its last
 * periodic one. Without a {@code set} column every row is periodic. Where a file has two rows for
 * the same condition, seed, step, layer, probe and set, the later row counts (a resumed run writes a
 * step again). Rows whose r2 is not finite ({@code nan}, {@code NaN}, {@code inf}, or empty) are
 * left out, and so is a last line cut short (a kill mid-write).
 */
public final class ProbeTable {
    static final List<String> COLUMNS = List.of("condition", "seed", "step", "layer", "probe", "r2");

    private final List<ProbeScore> rows;
    private final Map<String, NavigableMap<Long, Double>> series = new LinkedHashMap<>();
    private final Map<String, NavigableMap<Long, Double>> finals = new LinkedHashMap<>();

    public ProbeTable(List<ProbeScore> rows) {
        Map<String, ProbeScore> latest = new LinkedHashMap<>();
        for (ProbeScore r : rows) {
            latest.put(key(r.condition(), r.seed(), r.layer(), r.probe()) + "@" + r.step() + (r.finalSet() ? "f" : "p"), r);
        }
        this.rows = List.copyOf(latest.values());
        for (ProbeScore r : this.rows) {
            (r.finalSet() ? finals : series).computeIfAbsent(key(r.condition(), r.seed(), r.layer(), r.probe()),
                    k -> new TreeMap<>()).put(r.step(), r.r2());
        }
    }

    public static ProbeTable empty() {
        return new ProbeTable(List.of());
    }

    /**
     * Reads a probes.csv file.
     *
     * @throws UserInputException naming the file and line of a header or row that cannot be read
     */
    public static ProbeTable read(Path file) throws IOException {
        List<ProbeScore> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(String.join("\n", lines)))) {
            String header = in.readLine();
            if (header == null) {
                return empty();
            }
            List<String> names = Csv.split(header.strip());
            int[] at = new int[COLUMNS.size()];
            for (int c = 0; c < COLUMNS.size(); c++) {
                at[c] = names.indexOf(COLUMNS.get(c));
                if (at[c] < 0) {
                    throw new UserInputException(file + ":1: the header has no column '" + COLUMNS.get(c) + "'; a probes "
                            + "file starts with the header " + String.join(",", COLUMNS) + " (more columns may follow).");
                }
            }
            int setColumn = names.indexOf("set");
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Csv.split(line);
                if (cells.size() < names.size() && number == lines.size()) {
                    break;
                }
                if (cells.size() < names.size()) {
                    throw new UserInputException(file + ":" + number + ": " + cells.size() + " columns where the header has "
                            + names.size() + ".");
                }
                String where = file + ":" + number;
                double r2 = number(cells.get(at[5]), "r2", where);
                if (!Double.isFinite(r2)) {
                    continue;
                }
                boolean fin = setColumn >= 0 && cells.get(setColumn).strip().equals("final");
                rows.add(new ProbeScore(cells.get(at[0]), whole(cells.get(at[1]), "seed", where),
                        whole(cells.get(at[2]), "step", where), (int) whole(cells.get(at[3]), "layer", where),
                        cells.get(at[4]), r2, fin));
            }
        }
        return new ProbeTable(rows);
    }

    private static long whole(String text, String column, String where) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UserInputException(where + ": " + column + " '" + text + "' is not a whole number.");
        }
    }

    private static double number(String text, String column, String where) {
        String word = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (word.equals("nan") || word.equals("") || word.matches("[+-]?inf(inity)?")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new UserInputException(where + ": " + column + " '" + text + "' is not a number.");
        }
    }

    private static String key(String condition, long seed, int layer, String probe) {
        return condition + "\u0000" + seed + "\u0000" + layer + "\u0000" + probe;
    }

    public List<ProbeScore> rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Conditions in order of first appearance. */
    public List<String> conditions() {
        Set<String> out = new LinkedHashSet<>();
        rows.forEach(r -> out.add(r.condition()));
        return List.copyOf(out);
    }

    /** Every probe name in the file. */
    public SortedSet<String> probes() {
        SortedSet<String> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.probe()));
        return out;
    }

    /** Layers at which {@code condition} has rows of {@code probe}. */
    public SortedSet<Integer> layers(String condition, String probe) {
        SortedSet<Integer> out = new TreeSet<>();
        for (ProbeScore r : rows) {
            if (r.condition().equals(condition) && r.probe().equals(probe)) {
                out.add(r.layer());
            }
        }
        return out;
    }

    /** Seeds for which {@code condition} has periodic rows of {@code probe} at {@code layer}. */
    public SortedSet<Long> seeds(String condition, int layer, String probe) {
        SortedSet<Long> out = new TreeSet<>();
        for (ProbeScore r : rows) {
            if (!r.finalSet() && r.condition().equals(condition) && r.layer() == layer && r.probe().equals(probe)) {
                out.add(r.seed());
            }
        }
        return out;
    }

    /** Periodic R² by step of one condition, seed, layer and probe (empty when there are no rows). */
    public NavigableMap<Long, Double> series(String condition, long seed, int layer, String probe) {
        NavigableMap<Long, Double> s = series.get(key(condition, seed, layer, probe));
        return s == null ? new TreeMap<>() : java.util.Collections.unmodifiableNavigableMap(s);
    }

    /**
     * Each seed's final R² of {@code condition} at {@code layer}: its final-set row at the latest step
     * where it has one, else its last periodic row.
     */
    public java.util.SortedMap<Long, Double> finalR2(String condition, int layer, String probe) {
        java.util.SortedMap<Long, Double> out = new TreeMap<>();
        for (ProbeScore r : rows) {
            if (r.condition().equals(condition) && r.layer() == layer && r.probe().equals(probe) && !out.containsKey(r.seed())) {
                NavigableMap<Long, Double> f = finals.get(key(condition, r.seed(), layer, probe));
                NavigableMap<Long, Double> p = series.get(key(condition, r.seed(), layer, probe));
                out.put(r.seed(), f != null && !f.isEmpty() ? f.lastEntry().getValue() : p.lastEntry().getValue());
            }
        }
        return out;
    }
}

package dev.graft.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints benchmark figures as an aligned table and, on request, one JSON line per figure. */
public final class BenchReport {
    private BenchReport() {
    }

    public static void print(String title, List<BenchFigure> figures, boolean json, PrintStream out) {
        PrintWriter w = new PrintWriter(out, true, java.nio.charset.StandardCharsets.UTF_8);
        print(title, figures, json, w);
        w.flush();
    }

    public static void print(String title, List<BenchFigure> figures, boolean json, PrintWriter out) {
        int wBench = "bench".length();
        int wValue = "value".length();
        int wUnit = "unit".length();
        for (BenchFigure f : figures) {
            wBench = Math.max(wBench, f.bench().length());
            wValue = Math.max(wValue, formatValue(f.value()).length());
            wUnit = Math.max(wUnit, f.unit().length());
        }
        out.println(title);
        String row = "%-" + wBench + "s  %" + wValue + "s  %-" + wUnit + "s  %s%n";
        out.printf(Locale.ROOT, row, "bench", "value", "unit", "detail");
        out.printf(Locale.ROOT, row, "-".repeat(wBench), "-".repeat(wValue), "-".repeat(wUnit), "------");
        for (BenchFigure f : figures) {
            out.printf(Locale.ROOT, row, f.bench(), formatValue(f.value()), f.unit(), f.detail());
        }
        if (json) {
            for (BenchFigure f : figures) {
                out.println(toJson(f));
            }
        }
    }

    /** {@code {"bench": "random-playouts", "value": 61234.5, "unit": "games/s"}} */
    public static String toJson(BenchFigure f) {
        return String.format(Locale.ROOT, "{\"bench\": \"%s\", \"value\": %s, \"unit\": \"%s\"}",
                escape(f.bench()), jsonNumber(f.value()), escape(f.unit()));
    }

    private static String jsonNumber(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String formatValue(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

package dev.graft.bench;

/**
 * One measured figure of a benchmark.
 *
 * @param bench  stable id, e.g. {@code random-playouts}
 * @param value  the measurement
 * @param unit   e.g. {@code games/s}
 * @param detail what was measured, for the table (may be empty)
 */
public record BenchFigure(String bench, double value, String unit, String detail) {
}

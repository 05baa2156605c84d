package dev.graft.report;

/**
 * Names in a run directory (DESIGN.md, run-directory contract) that the report reads and writes.
 * The pipeline's {@code RunDirectory} uses the same names for what it writes; a test keeps the two
 * in step.
 */
public final class RunFiles {
    private RunFiles() {
    }

    public static final String SPEC = "spec.resolved.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.jsonl";
    /** Per-run metrics files, where concurrent runs would race on one file: {@code metrics/*.jsonl}. */
    public static final String METRICS_DIR = "metrics";
    public static final String PROBES = "probes.csv";
    public static final String MEASURES = "measures.csv";
    public static final String GRAFT_CHECK = "graft-check";
    public static final String FITS = "fits.json";
    public static final String PLOTS = "plots";
    public static final String REPORT = "report.html";
}

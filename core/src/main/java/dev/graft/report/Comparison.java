package dev.graft.report;

/**
 * One {@code experiment.compare} entry: the gap curve R²(a) − R²(b).
 *
 * @param index position in the compare list (for messages)
 * @param layer the layer given in the entry, or null for the default (the key layer)
 */
public record Comparison(int index, String a, String b, Integer layer) {

    /** How fits.json and the report name it: {@code "graft+aux - baseline"}. */
    public String label() {
        return a + " - " + b;
    }

    /** For messages: {@code compare entry 1 (graft+aux - baseline)}. */
    public String describe() {
        return "experiment.compare." + index + " (" + label() + ")";
    }
}

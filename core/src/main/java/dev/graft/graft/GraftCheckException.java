package dev.graft.graft;

/**
 * A graft that should preserve the small model's function does not: the run stops (exit 1). The message
 * names the first layer (or output) that differs, by how much, and the tolerance.
 */
public class GraftCheckException extends RuntimeException {
    private final transient GraftCheck check;

    public GraftCheckException(GraftCheck check) {
        super(message(check));
        this.check = check;
    }

    /** The same failure with {@code message} (e.g. naming the condition and seed) in front of the check's own. */
    public GraftCheckException(GraftCheck check, String message) {
        super(message);
        this.check = check;
    }

    /** The measured differences. */
    public GraftCheck check() {
        return check;
    }

    private static String message(GraftCheck check) {
        java.util.List<String> failures = check.failures();
        StringBuilder s = new StringBuilder("graft check failed: ").append(failures.isEmpty() ? "no difference"
                : failures.get(0)).append(" from the small model's (max |Δ| over ").append(check.boards())
                .append(" boards; tolerance ").append(GraftCheck.format(check.tolerance())).append(')');
        if (failures.size() > 1) {
            s.append("; also ").append(String.join("; ", failures.subList(1, failures.size())));
        }
        return s.append(". The grafted large model does not compute what the small model computes, so training it"
                + " would not test the graft; ").append(check.summary()).toString();
    }
}

package dev.graft.strategies;

import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;

import java.util.List;

/** The option names and declarations the strategies share. */
public final class StrategyOptions {
    /** First large layer receiving the (first copied) small layer; an integer ≥ 0 or {@link #TOP}. */
    public static final String AT = "at";
    /** First small layer copied (partial). */
    public static final String FROM = "from";
    /** Small layer after the last one copied (partial, exclusive); an integer or {@link #END}. */
    public static final String TO = "to";
    /** Copy the token-state and position embeddings. */
    public static final String EMBEDDINGS = "embeddings";
    /** Copy the final LayerNorm. */
    public static final String FINAL_NORM = "final_norm";
    /** Copy the value, auxiliary and policy heads. */
    public static final String HEADS = "heads";
    /** Partial: zero the outputs of the large layers before {@code at}. */
    public static final String PASS_THROUGH = "pass_through";
    /** Value of {@link #AT}: as deep as the copied layers fit. */
    public static final String TOP = "top";
    /** Value of {@link #TO}: up to the small model's last layer. */
    public static final String END = "end";

    private StrategyOptions() {
    }

    /** {@code embeddings}, {@code final_norm}, {@code heads}: booleans, default true (the study's choices). */
    static List<OptionSpec> parts() {
        return List.of(
                OptionSpec.bool(EMBEDDINGS, true, "copy the small model's token and position embeddings"),
                OptionSpec.bool(FINAL_NORM, true, "copy the small model's final LayerNorm"),
                OptionSpec.bool(HEADS, true, "copy the small model's value, auxiliary and policy heads"));
    }

    static OptionSpec at(String description) {
        return OptionSpec.integerOrWord(AT, 0, 0, null, List.of(TOP), description);
    }

    /** The {@link #AT} value: its integer, or null for {@link #TOP}. */
    static Integer atOf(Options o) {
        return o.get(AT) instanceof Integer i ? i : null;
    }
}

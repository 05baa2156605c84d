package dev.graft.spec;

/**
 * A rule across several settings of one section (e.g. the split fractions sum to 1). It runs only
 * when every setting of the section is individually valid, and reports through {@code context}.
 */
@FunctionalInterface
public interface CrossCheck {

    void check(Section values, CheckContext context);
}

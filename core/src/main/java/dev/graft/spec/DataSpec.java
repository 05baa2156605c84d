package dev.graft.spec;

import java.util.List;

/**
 * How games are made and split.
 *
 * @param generator the game generator plugin (not used when {@code mix} is not empty)
 * @param mix       generators with the fraction of the games each plays; empty: {@code generator} plays all
 * @param games     number of games to generate
 * @param split     fractions of games per split
 * @param threads   worker threads; 0 means every core
 * @param shards    how many tasks generate the games, each a range of game indices (1: one task)
 */
public record DataSpec(PluginRef generator, List<Part> mix, int games, SplitSpec split, int threads, int shards) {

    /** One generator of a mix and the fraction of the games it plays (0 &lt; fraction ≤ 1). */
    public record Part(PluginRef generator, double fraction) {
    }

    public DataSpec {
        mix = List.copyOf(mix);
    }

    /** The generators that play the games, in order: {@code mix}, or {@code generator} playing all of them. */
    public List<Part> parts() {
        return mix.isEmpty() ? List.of(new Part(generator, 1.0)) : mix;
    }

    static DataSpec from(Section s) {
        List<Part> mix = ((List<?>) s.get("mix")).stream()
                .map(o -> (Section) o)
                .map(p -> new Part(p.plugin("generator"), p.number("fraction")))
                .toList();
        return new DataSpec(s.plugin("generator"), mix, s.integer("games"), SplitSpec.from(s.section("split")),
                s.integer("threads"), s.integer("shards"));
    }
}

package dev.graft.spec;

/**
 * How games are made and split.
 *
 * @param generator the game generator plugin
 * @param games     number of games to generate
 * @param split     fractions of games per split
 * @param threads   worker threads; 0 means every core
 */
public record DataSpec(PluginRef generator, int games, SplitSpec split, int threads) {

    static DataSpec from(Section s) {
        return new DataSpec(s.plugin("generator"), s.integer("games"), SplitSpec.from(s.section("split")),
                s.integer("threads"));
    }
}

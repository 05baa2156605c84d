package dev.graft.generators;

import dev.graft.spi.GameGenerator;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.List;

/** The {@code random} generator: every move uniformly random among the legal ones; no options. */
public final class RandomGeneratorFactory implements PluginFactory<GameGenerator> {

    @Override
    public PluginKind kind() {
        return PluginKind.GAME_GENERATOR;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "whole games of uniformly random legal moves (the opening length is recorded as 0)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public GameGenerator create(Options options) {
        return new RandomGenerator();
    }
}

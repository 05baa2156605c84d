package dev.graft.runner;

import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The spec file and its {@code --set} overrides, shared by run, validate and plan. */
final class SpecArguments {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The YAML spec file.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a spec value, e.g. --set training.lr=1e-3 (repeatable); validated like the file.")
    List<String> sets = new ArrayList<>();

    /** Loads and validates the spec; every problem becomes a user error (exit 2). */
    GraftSpec load(PluginCatalog plugins) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such spec file. Give the path of a YAML spec, e.g. specs/quickstart.yaml.");
        }
        return new SpecLoader(plugins).load(file, sets);
    }
}

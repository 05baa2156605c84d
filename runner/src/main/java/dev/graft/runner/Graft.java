package dev.graft.runner;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import com.google.inject.Stage;
import dev.graft.plugin.PluginDiscovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the Guice injector of one command invocation: the engine's modules, the command's, a test's overrides. */
final class Graft {
    private Graft() {
    }

    /** The plugin folders to read: those given with --plugins, else GRAFT_PLUGINS or $GRAFT_HOME/plugins.d. */
    static List<Path> pluginDirs(List<Path> given) {
        if (given != null && !given.isEmpty()) {
            for (Path p : given) {
                if (!Files.isDirectory(p)) {
                    throw new dev.graft.io.UserInputException("--plugins " + p + ": no such folder."
                            + " Give a folder that holds plugin jars (*.jar).");
                }
            }
            return List.copyOf(given);
        }
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("GRAFT_PLUGINS");
        if (env != null && !env.isBlank()) {
            for (String s : env.split(java.io.File.pathSeparator)) {
                dirs.add(Path.of(s));
            }
        } else {
            String home = System.getenv("GRAFT_HOME");
            dirs.add(Path.of(home == null ? "." : home, "plugins.d"));
        }
        return dirs;
    }

    static Injector injector(List<Path> pluginDirs) {
        return injector(pluginDirs, List.of(), List.of());
    }

    /**
     * The engine's modules ({@link EngineModule}: plugins found in {@code pluginDirs} and on the class
     * path, the plugin context) plus the command's own ({@code forCommand}, e.g. its executor), with
     * {@code overrides} replacing any of their bindings (tests substitute a service this way).
     */
    static Injector injector(List<Path> pluginDirs, List<Module> forCommand, List<Module> overrides) {
        List<PluginDiscovery.Found> found = PluginDiscovery.discover(Graft.class.getClassLoader(), pluginDirs);
        List<Module> modules = new ArrayList<>();
        modules.add(new EngineModule(found));
        modules.addAll(forCommand);
        return Guice.createInjector(Stage.PRODUCTION, Modules.override(modules).with(overrides));
    }
}

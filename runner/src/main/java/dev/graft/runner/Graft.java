package dev.graft.runner;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.graft.plugin.PluginDiscovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the Guice injector of one command invocation: discovered plugins plus runner services. */
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
        List<PluginDiscovery.Found> found = PluginDiscovery.discover(Graft.class.getClassLoader(), pluginDirs);
        return Guice.createInjector(Stage.PRODUCTION, new PluginModule(found));
    }
}

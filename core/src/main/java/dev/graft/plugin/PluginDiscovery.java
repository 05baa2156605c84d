package dev.graft.plugin;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds every {@link GraftPlugin} with {@link ServiceLoader}: those on the class path, and those in
 * the jars of a plugins folder (each folder is read through one class loader whose parent is the
 * application's, so a dropped-in jar needs no change to core or runner).
 */
public final class PluginDiscovery {

    /** A discovered factory and where it came from (a jar path or "class path"). */
    public record Found(PluginFactory<?> factory, String origin) {
    }

    private PluginDiscovery() {
    }

    /**
     * Discovers factories from the class path of {@code parent} and from every {@code *.jar} in
     * {@code pluginDirs} (folders that do not exist are skipped).
     *
     * @throws PluginLoadException when a jar cannot be read, a plugin fails to load, or two
     *                             factories of one kind share a name
     */
    public static List<Found> discover(ClassLoader parent, List<Path> pluginDirs) {
        List<Found> found = new ArrayList<>();
        load(ServiceLoader.load(GraftPlugin.class, parent), "class path", found);
        for (Path dir : pluginDirs) {
            List<Path> jars = jarsIn(dir);
            if (jars.isEmpty()) {
                continue;
            }
            URL[] urls = jars.stream().map(PluginDiscovery::toUrl).toArray(URL[]::new);
            URLClassLoader loader = new URLClassLoader("graft-plugins:" + dir, urls, parent);
            ServiceLoader<GraftPlugin> services = ServiceLoader.load(GraftPlugin.class, loader);
            // Only the providers that live in this folder's jars: the parent's were found above.
            for (ServiceLoader.Provider<GraftPlugin> provider : iterate(services, dir)) {
                if (provider.type().getClassLoader() != loader) {
                    continue;
                }
                String origin = originOf(provider.type(), dir);
                found.addAll(factoriesOf(instantiate(provider, origin), origin));
            }
        }
        checkUnique(found);
        return List.copyOf(found);
    }

    private static void load(ServiceLoader<GraftPlugin> services, String origin, List<Found> into) {
        for (ServiceLoader.Provider<GraftPlugin> provider : iterate(services, null)) {
            into.addAll(factoriesOf(instantiate(provider, origin), origin));
        }
    }

    private static List<ServiceLoader.Provider<GraftPlugin>> iterate(ServiceLoader<GraftPlugin> services, Path dir) {
        try {
            return services.stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("A plugin " + (dir == null ? "on the class path" : "in " + dir)
                    + " is misconfigured: " + e.getMessage()
                    + ". Check its META-INF/services/dev.graft.spi.GraftPlugin entries name public classes"
                    + " with a public no-argument constructor.", e);
        }
    }

    private static GraftPlugin instantiate(ServiceLoader.Provider<GraftPlugin> provider, String origin) {
        try {
            return provider.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new PluginLoadException("Plugin class " + provider.type().getName() + " from " + origin
                    + " could not be created: " + e.getMessage()
                    + ". It needs a public no-argument constructor and must be built against this graft's SPI.", e);
        }
    }

    private static List<Found> factoriesOf(GraftPlugin plugin, String origin) {
        List<PluginFactory<?>> factories;
        try {
            factories = plugin.factories();
        } catch (RuntimeException | LinkageError e) {
            throw new PluginLoadException("Plugin " + plugin.getClass().getName() + " from " + origin
                    + " failed to list its factories: " + e.getMessage(), e);
        }
        List<Found> out = new ArrayList<>();
        for (PluginFactory<?> f : factories) {
            String name = f.name();
            if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
                throw new PluginLoadException("Plugin " + plugin.getClass().getName() + " from " + origin
                        + " declares a factory named '" + name + "': names must be lower-case letters, digits and"
                        + " '-', starting with a letter (e.g. 'sector-balance').");
            }
            out.add(new Found(f, origin));
        }
        return out;
    }

    private static void checkUnique(List<Found> found) {
        Map<String, Found> seen = new LinkedHashMap<>();
        for (Found f : found) {
            String key = f.factory().kind().label() + "/" + f.factory().name();
            Found before = seen.putIfAbsent(key, f);
            if (before != null) {
                throw new PluginLoadException("Two " + f.factory().kind().label() + " plugins are named '"
                        + f.factory().name() + "': one from " + before.origin() + ", one from " + f.origin()
                        + ". Remove one of the jars or rename one plugin.");
            }
        }
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new PluginLoadException("Cannot list plugin folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new PluginLoadException("Bad plugin jar path " + jar + ": " + e.getMessage(), e);
        }
    }

    private static String originOf(Class<?> type, Path dir) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI()).toString();
            }
        } catch (Exception ignored) {
            // fall through to the folder
        }
        return dir.toString();
    }
}

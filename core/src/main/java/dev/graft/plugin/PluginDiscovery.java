package dev.graft.plugin;

import dev.graft.spi.GraftPlugin;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.SpiVersion;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Finds every {@link GraftPlugin} with {@link ServiceLoader}: those on the class path, and those in
 * the jars of plugins folders, so a dropped-in jar needs no change to core or runner.
 *
 * <p>Each jar of a folder gets its own {@link PluginClassLoader}: it sees the JDK, the SPI
 * ({@code dev.graft.spi}, from the engine) and its own classes, nothing else of the engine (not core,
 * not ND4J), and no other plugin jar, so a plugin's bundled libraries cannot clash with the engine's or
 * another plugin's. Before anything of a jar runs, its manifest's {@value SpiVersion#MANIFEST_ATTRIBUTE}
 * is checked against {@link SpiVersion#CURRENT} and every class in it is loaded and linked; a jar
 * built against an incompatible SPI or whose classes need a class it cannot see is refused with a
 * {@link PluginLoadException} naming the jar (exit 2), never a linkage error later.
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
            for (Path jar : jarsIn(dir)) {
                found.addAll(loadJar(jar));
            }
        }
        checkUnique(found);
        return List.copyOf(found);
    }

    /** The factories of one plugin jar, loaded in its own class loader after its SPI version and classes are checked. */
    static List<Found> loadJar(Path jar) {
        List<String> classes = checkJar(jar);
        PluginClassLoader loader = new PluginClassLoader(jar, toUrl(jar), GraftPlugin.class.getClassLoader());
        linkAll(jar, loader, classes);
        ServiceLoader<GraftPlugin> services = ServiceLoader.load(GraftPlugin.class, loader);
        List<Found> found = new ArrayList<>();
        for (ServiceLoader.Provider<GraftPlugin> provider : iterate(services, jar)) {
            if (provider.type().getClassLoader() != loader) {
                continue; // only the providers that live in this jar
            }
            found.addAll(factoriesOf(instantiate(provider, jar.toString()), jar.toString()));
        }
        return found;
    }

    /**
     * Reads {@code jar}'s manifest and class list; refuses a jar built against an SPI this engine
     * cannot run. A jar whose manifest names no SPI version is accepted (its classes are still linked
     * before use).
     */
    private static List<String> checkJar(Path jar) {
        List<String> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String built = manifest == null ? null : manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE);
            if (built != null) {
                boolean compatible;
                try {
                    compatible = SpiVersion.compatible(built, SpiVersion.CURRENT);
                } catch (IllegalArgumentException e) {
                    throw new PluginLoadException("Plugin jar " + jar + ": its manifest attribute "
                            + SpiVersion.MANIFEST_ATTRIBUTE + " is '" + built + "', not an SPI version (major.minor,"
                            + " e.g. " + SpiVersion.CURRENT + ").");
                }
                if (!compatible) {
                    throw new PluginLoadException("Plugin jar " + jar + " was built against graft SPI " + built.trim()
                            + ", but this graft has SPI " + SpiVersion.CURRENT + " (a plugin runs on the SPI major"
                            + " version it was built for, with a minor version no newer). Rebuild it against graft-spi "
                            + SpiVersion.CURRENT + ", or remove it from the plugins folder.");
                }
            }
            for (JarEntry e : java.util.Collections.list(file.entries())) {
                String name = e.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new PluginLoadException("Cannot read plugin jar " + jar + ": " + e.getMessage()
                    + ". Is it a complete jar file?", e);
        }
        return classes;
    }

    /**
     * Loads every class of the jar, resolves the types its fields, methods and constructors name, and
     * loads every class its code refers to ({@link ClassFileReferences}), so that a class missing from
     * what the jar may see is reported now, naming the jar, rather than as a linkage error in the
     * middle of a run.
     */
    private static void linkAll(Path jar, ClassLoader loader, List<String> classes) {
        Set<String> checked = new HashSet<>(classes);
        for (String name : classes) {
            String needed = name;
            try {
                Class<?> c = Class.forName(name, false, loader);
                c.getDeclaredFields();
                c.getDeclaredMethods();
                c.getDeclaredConstructors();
                for (String ref : references(jar, loader, name)) {
                    if (checked.add(ref)) {
                        needed = ref;
                        Class.forName(ref, false, loader);
                    }
                }
            } catch (ClassNotFoundException e) {
                throw unlinkable(jar, name, "it needs " + needed + ", which it cannot see", e);
            } catch (LinkageError | TypeNotPresentException e) {
                throw unlinkable(jar, name, linkProblem(e), e);
            }
        }
    }

    private static Set<String> references(Path jar, ClassLoader loader, String name) {
        try (var in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                return Set.of();
            }
            return ClassFileReferences.of(in.readAllBytes());
        } catch (IOException e) {
            throw new PluginLoadException("Plugin jar " + jar + ": class " + name + " cannot be read ("
                    + e.getMessage() + "). Is it a complete jar of compiled Java classes?", e);
        }
    }

    private static PluginLoadException unlinkable(Path jar, String name, String problem, Throwable cause) {
        return new PluginLoadException("Plugin jar " + jar + ": class " + name + " cannot be linked: " + problem
                + ". A plugin jar sees only its own classes, the graft SPI (dev.graft.spi, version "
                + SpiVersion.CURRENT + ") and the JDK: bundle the libraries it needs into the jar, and build it"
                + " against graft-spi alone.", cause);
    }

    private static String linkProblem(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof NoClassDefFoundError || e instanceof ClassNotFoundException || e instanceof TypeNotPresentException) {
            return "it needs " + message.replace('/', '.') + ", which it cannot see";
        }
        if (e instanceof UnsupportedClassVersionError) {
            return "it was compiled for a newer Java (" + message + ")";
        }
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static void load(ServiceLoader<GraftPlugin> services, String origin, List<Found> into) {
        for (ServiceLoader.Provider<GraftPlugin> provider : iterate(services, null)) {
            into.addAll(factoriesOf(instantiate(provider, origin), origin));
        }
    }

    private static List<ServiceLoader.Provider<GraftPlugin>> iterate(ServiceLoader<GraftPlugin> services, Path jar) {
        try {
            return services.stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("A plugin " + (jar == null ? "on the class path" : "in " + jar)
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
}

package dev.graft.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The class loader of one plugin jar: classes of {@code dev.graft.spi} come from the engine's SPI
 * loader (so plugin and engine share one {@code PluginFactory}, one {@code Game}…); everything else
 * is looked up in the JDK (the platform loader) and then in the jar (and any jar its manifest's
 * {@code Class-Path} names), never in the engine's class path. A plugin therefore cannot use core or
 * ND4J classes, and the libraries it bundles cannot clash with the engine's or another plugin's.
 */
final class PluginClassLoader extends URLClassLoader {
    /** The SPI package, the only part of the engine a plugin sees. */
    static final String SPI_PACKAGE = "dev.graft.spi.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader spi;

    PluginClassLoader(Path jar, URL url, ClassLoader spi) {
        super("graft-plugin:" + jar.getFileName(), new URL[]{url}, ClassLoader.getPlatformClassLoader());
        this.spi = spi;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return spi.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}

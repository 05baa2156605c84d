/**
 * The service-provider interface of graft: everything a plugin implements or receives.
 *
 * <p>A plugin jar lists one or more {@link dev.graft.spi.GraftPlugin} implementations in
 * {@code META-INF/services/dev.graft.spi.GraftPlugin}. Each {@code GraftPlugin} contributes
 * {@link dev.graft.spi.PluginFactory factories}; a factory has a stable lower-case name that specs
 * use, declares its {@link dev.graft.spi.OptionSpec options}, and creates the plugin object from
 * validated {@link dev.graft.spi.Options}. Six kinds exist ({@link dev.graft.spi.PluginKind}).
 *
 * <p>This package depends on the JDK only, so a plugin compiles against it alone.
 */
package dev.graft.spi;

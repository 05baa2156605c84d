package dev.graft.runner;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.graft.io.UserInputException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * One Guice module per {@code --executor} name, each binding the {@link ExecutorOptions.Factory}
 * that makes that executor: {@code local} ({@link ExecutorOptions#local}, in this class path) and
 * {@code spark} (an {@link ExternalExecutor} of the graft-spark module, looked up with
 * {@link ServiceLoader} only when that module is chosen, so a local run never loads Spark).
 * {@code graft run} installs the chosen module into its injector; a test may override it.
 */
final class ExecutorModules {
    private ExecutorModules() {
    }

    /** Every executor's module by name, in the order the help and the messages list them. */
    static final Map<String, Supplier<Module>> BY_NAME = byName();

    private static Map<String, Supplier<Module>> byName() {
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        m.put("local", Local::new);
        m.put("spark", () -> new External("spark"));
        return m;
    }

    /** Runs the stages on this machine's threads. */
    static final class Local extends AbstractModule {
        @Override
        protected void configure() {
            bind(ExecutorOptions.Factory.class).toInstance(ExecutorOptions::local);
        }
    }

    /** For a name no executor has: binds a factory that is never called (the options are refused before). */
    static final class Unknown extends AbstractModule {
        @Override
        protected void configure() {
            bind(ExecutorOptions.Factory.class).toInstance((options, machine, err, source) -> {
                throw new IllegalStateException("no executor named " + options.executor);
            });
        }
    }

    /** Runs the stages through the {@link ExternalExecutor} of that name, found on the class path when asked for. */
    static final class External extends AbstractModule {
        private final String name;

        External(String name) {
            this.name = name;
        }

        @Override
        protected void configure() {
            bind(ExecutorOptions.Factory.class).toInstance((options, machine, err, source) -> {
                for (ExternalExecutor e : ServiceLoader.load(ExternalExecutor.class, ExecutorModules.class.getClassLoader())) {
                    if (e.name().equals(name)) {
                        ExternalExecutor.Session session = e.open(options.master, source);
                        return new ExecutorOptions.ExecutorChoice(name, session, "each wave of stages as a Spark job"
                                + (options.master == null ? "" : " on " + options.master));
                    }
                }
                throw new UserInputException("--executor " + name + ": the Spark executor (graft-spark) is not on the"
                        + " class path; run through ./graft, which adds runner/spark/target/lib for --executor spark,"
                        + " after 'mvn -B package'.");
            });
        }
    }
}

package dev.graft.runner;

import com.google.inject.Injector;
import com.google.inject.Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The top-level {@code graft} command; its options are inherited by every subcommand. */
@Command(name = "graft",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs model-grafting experiments from declarative YAML specs.",
        subcommands = {RunCommand.class, ValidateCommand.class, PlanCommand.class, PluginsCommand.class, DataCommand.class, BenchCommand.class, ExportCommand.class, PredictCommand.class, ProbeCommand.class, MeasureCommand.class, ReportCommand.class, CacheCommand.class})
final class GraftCommand implements Runnable {

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder of plugin jars to load (repeatable). Default: $GRAFT_PLUGINS, else $GRAFT_HOME/plugins.d.")
    List<Path> pluginDirs = new ArrayList<>();

    private final List<Module> overrides;
    private Injector injector;

    GraftCommand() {
        this(List.of());
    }

    /** @param overrides modules that replace bindings of the engine's (tests substitute a service this way) */
    GraftCommand(List<Module> overrides) {
        this.overrides = List.copyOf(overrides);
    }

    /**
     * The injector for this invocation, built on first use from the engine's modules, the given
     * command modules (e.g. the chosen executor's) and the overrides. One command builds it once.
     */
    Injector injector(Module... forCommand) {
        if (injector == null) {
            injector = Graft.injector(Graft.pluginDirs(pluginDirs), List.of(forCommand), overrides);
        }
        return injector;
    }

    /** Fills {@code command}'s {@code @Inject} fields from this invocation's injector; returns it. */
    <T> T inject(T command, Module... forCommand) {
        injector(forCommand).injectMembers(command);
        return command;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing command: give one of run, validate, plan, plugins, data, bench, export, predict, probe, report, cache (see graft --help).");
    }
}

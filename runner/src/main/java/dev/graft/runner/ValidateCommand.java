package dev.graft.runner;

import com.google.inject.Inject;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import dev.graft.spec.SpecSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code graft validate}: checks a spec and prints it resolved; runs nothing, writes nothing. */
@Command(name = "validate", description = "Check a spec (with --set overrides) and print it resolved, with every default. Runs nothing.")
final class ValidateCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    /** Injected by {@link GraftCommand#inject} where the command first needs the engine's plugins. */
    @Inject
    PluginCatalog plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SpecArguments args;

    @Option(names = "--reference", description = "Also print every spec field with its type, default and description.")
    boolean reference;

    @Override
    public void run() {
        GraftSpec resolved = args.load(graft.inject(this).plugins);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + args.file + " is valid; resolved spec (hash " + resolved.hashOf("").substring(0, 12) + "):");
        out.print(resolved.toResolvedYaml());
        if (reference) {
            out.println();
            out.println(SpecSchema.referenceText());
        }
        out.flush();
    }
}

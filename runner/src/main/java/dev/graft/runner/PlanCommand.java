package dev.graft.runner;

import dev.graft.pipeline.Pipeline;
import dev.graft.pipeline.RunPlan;
import dev.graft.pipeline.RunSetup;
import dev.graft.plugin.PluginCatalog;
import dev.graft.spec.GraftSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code graft plan}: the stages a run would execute and which are already done. */
@Command(name = "plan", description = "List the stages a run of the spec would execute, and which are cached. Runs nothing.")
final class PlanCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    @Spec
    CommandSpec spec;

    @Mixin
    SpecArguments args;

    @Mixin
    RunOptions run;

    @Override
    public void run() {
        GraftSpec resolved = args.load(graft.injector());
        var setup = new RunSetup(resolved, graft.injector().getInstance(PluginCatalog.class), run.runDir(resolved),
                run.cacheRoot(), false);
        Pipeline pipeline = RunPlan.of(setup);
        PrintWriter out = spec.commandLine().getOut();
        out.println("plan for " + args.file + " → " + setup.runDir() + " (cache " + setup.cacheRoot() + ")");
        int i = 0;
        for (Pipeline.PlanRow row : pipeline.plan()) {
            out.printf("%2d. %-22s %-7s %s%n", ++i, row.id(), row.cached() ? "cached" : "to run", row.description());
        }
        out.flush();
    }
}

package dev.graft.runner;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code graft bench …}: measured throughput, printed as a table. */
@Command(name = "bench", description = "Measure throughput and print a table (add --json for one JSON line per figure).",
        subcommands = {BenchEngineCommand.class, BenchDataCommand.class, BenchTrainCommand.class, BenchProbeCommand.class, BenchMeasureCommand.class})
final class BenchCommand implements Runnable {

    @ParentCommand
    GraftCommand graft;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Missing benchmark: give one of engine, data, train, probe (see graft bench --help).");
    }
}

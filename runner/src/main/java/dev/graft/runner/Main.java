package dev.graft.runner;

import dev.graft.io.UserInputException;
import dev.graft.plugin.PluginLoadException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * Entry point. Exit codes: 0 success; 2 the input was wrong (message, no stack trace); 1 the run
 * itself failed. Set GRAFT_DEBUG=1 to see stack traces of failures.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    public static int execute(String... args) {
        return execute(List.of(), args);
    }

    /**
     * Runs the command line with {@code overrides} replacing bindings of the engine's modules (tests
     * substitute a service this way, e.g. the executor or the plugin context).
     */
    static int execute(List<com.google.inject.Module> overrides, String... args) {
        return commandLine(overrides).execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(List.of());
    }

    static CommandLine commandLine(List<com.google.inject.Module> overrides) {
        CommandLine cli = new CommandLine(new GraftCommand(overrides));
        addHelpOptions(cli);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((ex, argv) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("graft: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return BAD_INPUT;
        });
        return cli;
    }

    /** Every subcommand answers --help (and --version), not only the top-level one. */
    private static void addHelpOptions(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions()) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            addHelpOptions(sub);
        }
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (isUserError(ex)) {
            err.println(ex.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        err.println("graft: failed: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        if (System.getenv("GRAFT_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set GRAFT_DEBUG=1 to see the stack trace)");
        }
        err.flush();
        return FAILED;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserInputException || ex instanceof dev.graft.spi.PluginInputException
                || ex instanceof PluginLoadException;
    }
}

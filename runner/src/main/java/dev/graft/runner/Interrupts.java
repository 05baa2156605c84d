package dev.graft.runner;

import dev.graft.train.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a {@link StopRequest} for the run: the first asks every
 * training to checkpoint at its next step boundary and the run to start no further stage; a second
 * exits at once (exit 130 / 143), leaving the last checkpoint written. Closing restores the handlers
 * that were there before.
 */
final class Interrupts implements AutoCloseable {
    /** The exit code of a run stopped by a signal: 128 + the signal's number, as shells report it. */
    static int exitCode(String reason) {
        return "SIGTERM".equals(reason) ? 143 : 130;
    }

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private Interrupts() {
    }

    static Interrupts install(StopRequest stop, PrintWriter err) {
        Interrupts i = new Interrupts();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                i.previous.put(signal, Signal.handle(signal, s -> {
                    String reason = "SIG" + s.getName();
                    if (stop.requested()) {
                        err.println("graft: " + reason + " again: exiting at once; the last checkpoint written is kept"
                                + " and the same command resumes from it");
                        err.flush();
                        Runtime.getRuntime().halt(exitCode(reason));
                    }
                    stop.request(reason);
                    err.println("graft: " + reason + ": stopping at the next safe point (trainings checkpoint at their"
                            + " next step); press Ctrl-C again to exit at once");
                    err.flush();
                }));
            } catch (IllegalArgumentException e) {
                // this platform does not let Java handle the signal: its default action stays
            }
        }
        return i;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}

package dev.graft.pipeline;

import dev.graft.io.EntryLock;
import dev.graft.io.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lock of a run folder: one {@code graft run} at a time writes into it. It is an operating-system
 * lock on {@value #FILE} in the folder ({@link EntryLock}), released by the system when the holder
 * exits or dies, so a killed run never leaves the folder locked (the file stays; only the lock counts).
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".graft-run.lock";

    private final EntryLock lock;

    private RunLock(EntryLock lock) {
        this.lock = lock;
    }

    /**
     * Locks {@code runDir} (creating it) for this process.
     *
     * @throws UserInputException at once when another graft run holds it, naming that process (pid, host,
     *                            start time) and how to wait for it or choose another {@code --out}
     */
    public static RunLock acquire(Path runDir) throws IOException {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new UserInputException("--out " + runDir + " is a file, not a folder. Give a folder for the run.");
        }
        Files.createDirectories(runDir);
        Path file = runDir.resolve(FILE);
        Optional<EntryLock> lock = EntryLock.tryAcquire(file);
        if (lock.isEmpty()) {
            String holder = EntryLock.holder(file).orElse("a process that has not said who it is");
            throw new UserInputException("--out " + runDir + ": another graft run is writing into this run folder ("
                    + holder + "). Wait for it to finish (running the same command again then resumes or reuses its"
                    + " results), stop it (Ctrl-C saves a checkpoint), or give another --out DIR.");
        }
        return new RunLock(lock.get());
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}

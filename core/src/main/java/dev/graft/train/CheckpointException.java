package dev.graft.train;

import java.nio.file.Path;

/** A checkpoint could not be written or read; the message names the file and what was wrong with it. */
public class CheckpointException extends RuntimeException {

    private final transient Path file;

    public CheckpointException(Path file, String problem, Throwable cause) {
        super("checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    public CheckpointException(Path file, String problem) {
        this(file, problem, null);
    }

    /** The checkpoint file concerned. */
    public Path file() {
        return file;
    }
}

package dev.graft.train;

import java.nio.file.Path;

/**
 * A {@link StopRequest} was honoured: a training stopped at a step boundary after writing its
 * checkpoint, or a stage was not started. Not a failure: running the same command again resumes.
 */
public class StopRequestedException extends RuntimeException {
    private final String reason;
    private final String where;
    private final long step;
    private final transient Path checkpoint;

    /**
     * @param where      the training's label or the stage that was not started
     * @param step       the finished steps saved in {@code checkpoint}; −1 when no training was stopped
     * @param checkpoint the checkpoint written at the stop; null when no training was stopped
     */
    public StopRequestedException(String reason, String where, long step, Path checkpoint) {
        super(step >= 0 ? "stopped (" + reason + ") " + where + " at step " + step + "; checkpoint " + checkpoint
                : "stopped (" + reason + ") before " + where);
        this.reason = reason;
        this.where = where;
        this.step = step;
        this.checkpoint = checkpoint;
    }

    public String reason() {
        return reason;
    }

    public String where() {
        return where;
    }

    public long step() {
        return step;
    }

    public Path checkpoint() {
        return checkpoint;
    }
}

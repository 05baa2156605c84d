package dev.graft.pipeline;

import java.nio.file.Path;

/** A stage whose artifact is a model's starting point: a step-0 checkpoint a large model trains from. */
public interface ModelSource extends Stage {

    /** The finished artifact's step-0 checkpoint. */
    Path checkpoint();
}

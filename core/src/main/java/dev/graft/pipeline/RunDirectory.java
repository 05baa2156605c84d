package dev.graft.pipeline;

import dev.graft.io.AtomicFiles;
import dev.graft.io.UserInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's folder: {@code spec.resolved.yaml}, {@code provenance.json}, {@code metrics.jsonl},
 * {@code checkpoints/}, … A folder holds the run of one resolved spec; running the same spec into it
 * again resumes, a different spec is refused.
 */
public final class RunDirectory {
    public static final String RESOLVED_SPEC = "spec.resolved.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.jsonl";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Opens {@code root} for the spec whose resolved text is {@code resolvedSpec}: creates it, or
     * checks that an existing run there is of the same spec (then the run resumes).
     *
     * @throws UserInputException if the folder holds something else
     */
    public static RunDirectory open(Path root, String resolvedSpec, Provenance provenance) throws IOException {
        Path spec = root.resolve(RESOLVED_SPEC);
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserInputException("--out " + root + " is a file, not a folder. Give a folder for the run.");
        }
        if (Files.isRegularFile(spec)) {
            String before = Files.readString(spec, StandardCharsets.UTF_8);
            if (!before.equals(resolvedSpec)) {
                throw new UserInputException("Run folder " + root + " holds a run of a different spec (its "
                        + RESOLVED_SPEC + " differs). Give another --out, or delete the folder to start over.");
            }
            return new RunDirectory(root);
        }
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new UserInputException("Run folder " + root + " is not empty and holds no "
                            + RESOLVED_SPEC + ". Give an empty or new folder with --out.");
                }
            }
        }
        Files.createDirectories(root);
        AtomicFiles.writeString(root.resolve(PROVENANCE), provenance.toJson());
        AtomicFiles.writeString(spec, resolvedSpec);
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path checkpoints(String label) {
        return root.resolve("checkpoints").resolve(label);
    }
}

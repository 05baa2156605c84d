package dev.graft.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.io.AtomicFiles;
import dev.graft.io.UserInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run's folder: {@code spec.resolved.yaml}, {@code provenance.json}, {@code metrics.jsonl},
 * {@code checkpoints/<condition>/seed-<s>/}, {@code graft-check/<condition>-seed<s>/}, … A folder
 * holds the run of one resolved spec; running the same spec into it again resumes, a different spec
 * is refused. The stages' artifacts live in the cache; the folder links to them (or holds copies
 * where the file system cannot link).
 */
public final class RunDirectory {
    public static final String RESOLVED_SPEC = "spec.resolved.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String PROBES = "probes.csv";
    public static final String MEASURES = "measures.csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Opens {@code root} for the spec whose resolved text is {@code resolvedSpec}: creates it, or
     * checks that an existing run there is of the same spec (then the run resumes). Writes the
     * provenance either way (the stage keys are those of this run's code).
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
            AtomicFiles.writeString(root.resolve(PROVENANCE), provenance.toJson());
            return new RunDirectory(root);
        }
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                if (entries.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE))) { // graft run's own lock
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

    /** {@code checkpoints/<condition>/seed-<s>}. */
    public Path checkpoints(String condition, long seed) {
        return root.resolve("checkpoints").resolve(safeName(condition)).resolve("seed-" + seed);
    }

    /** A condition's name as a folder name (names are validated to be safe; this is a second guard). */
    public static String safeName(String condition) {
        return condition.replaceAll("[^A-Za-z0-9+._=,{}\\[\\]-]", "_");
    }

    /**
     * Makes {@code checkpoints/<condition>/seed-<s>/} hold exactly {@code files} (name → file in the
     * cache) as its checkpoints, as links; checkpoints that are no longer part of the run are removed,
     * other files (e.g. a model exported beside its checkpoint) are left alone.
     */
    public void linkCheckpoints(String condition, long seed, Map<String, Path> files) throws IOException {
        Path dir = checkpoints(condition, seed);
        Files.createDirectories(dir);
        Set<String> wanted = files.keySet();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("step-\\d+\\.ckpt") && !wanted.contains(name)) {
                    ArtifactCache.deleteTree(p);
                }
            }
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            link(dir.resolve(e.getKey()), e.getValue());
        }
    }

    /** Makes {@code relative} (a folder of the run) a link to {@code target}. */
    public void linkDirectory(String relative, Path target) throws IOException {
        link(root.resolve(relative), target);
    }

    /**
     * Points {@code at} to {@code target}: a symbolic link to the absolute target, or, where the file
     * system refuses links, a copy made under a temporary name and renamed into place.
     */
    static void link(Path at, Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(at) && Files.readSymbolicLink(at).equals(absolute)) {
            return;
        }
        Files.createDirectories(at.toAbsolutePath().getParent());
        Path temp = at.resolveSibling("." + at.getFileName() + ".link-" + ProcessHandle.current().pid());
        ArtifactCache.deleteTree(temp);
        try {
            Files.createSymbolicLink(temp, absolute);
        } catch (UnsupportedOperationException | IOException e) {
            copy(absolute, temp);
        }
        if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            ArtifactCache.deleteTree(at);
        }
        dev.graft.io.AtomicFiles.renameAtomically(temp, at, true);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The metrics of one trained condition and seed. */
    public record MetricsPart(String condition, long seed, Path file) {
    }

    /**
     * Rewrites {@code metrics.jsonl} from the finished training stages' own metrics files, in the
     * order given: every record with {@code condition} and {@code seed} first, then its fields as
     * the trainer logged them. Written atomically, so the file is always whole.
     */
    public void writeMetrics(List<MetricsPart> parts) throws IOException {
        AtomicFiles.write(metrics(), (OutputStream out) -> {
            for (MetricsPart part : parts) {
                if (!Files.isRegularFile(part.file())) {
                    continue;
                }
                for (String line : Files.readAllLines(part.file(), StandardCharsets.UTF_8)) {
                    JsonNode record;
                    try {
                        record = JSON.readTree(line);
                    } catch (IOException e) {
                        continue; // cut off by a kill before the stage resumed; the trainer drops it too
                    }
                    if (record == null || !record.isObject()) {
                        continue;
                    }
                    ObjectNode tagged = JSON.createObjectNode();
                    tagged.put("condition", part.condition());
                    tagged.put("seed", part.seed());
                    record.fields().forEachRemaining(f -> {
                        if (!f.getKey().equals("condition") && !f.getKey().equals("seed")) {
                            tagged.set(f.getKey(), f.getValue());
                        }
                    });
                    out.write(JSON.writeValueAsBytes(tagged));
                    out.write('\n');
                }
            }
        });
    }
}

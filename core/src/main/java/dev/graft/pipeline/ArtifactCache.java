package dev.graft.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.io.AtomicFiles;
import dev.graft.io.CacheEntry;
import dev.graft.io.EntryLock;
import dev.graft.io.WorkClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The content-addressed artifact cache shared by every run: {@code <root>/<kind>/<key>/} holds one
 * stage's finished artifact with its {@code manifest.json}. A stage works in
 * {@code <root>/<kind>/.work-<key>/} (where a killed stage's checkpoints wait to be resumed) and
 * {@link #commit}s by writing the manifest there and renaming the folder to its key in one atomic
 * step, so a folder named by a key is always complete. (Game data, {@code <root>/data/<key>/}, is
 * written by {@link dev.graft.data.GameDataCache} under the same rule.)
 */
public final class ArtifactCache {
    public static final String MANIFEST = "manifest.json";
    private static final String WORK_PREFIX = ".work-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public ArtifactCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the finished artifact of {@code key} lives (whether or not it exists). */
    public Path artifact(StageKey key) {
        return root.resolve(key.kind()).resolve(key.hash());
    }

    /** Where a stage of {@code key} works until it commits. */
    public Path work(StageKey key) {
        return root.resolve(key.kind()).resolve(WORK_PREFIX + key.hash());
    }

    /**
     * True when the finished artifact exists (its manifest is written last, inside the atomic rename)
     * and is intact: its files' sizes match the manifest, and on this process's first look their
     * SHA-256 too ({@link CacheEntry#usable}). A damaged artifact is reported, moved aside under
     * {@code .damaged/} and counts as missing, so its stage runs again.
     */
    public boolean isComplete(StageKey key) {
        Path dir = artifact(key);
        return Files.isRegularFile(dir.resolve(MANIFEST)) && CacheEntry.usable(root, dir, key.kind() + "/" + key.hash());
    }

    /** Held while a stage works on its key; closing it releases the work folder. */
    public interface WorkLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Claims the work folder of {@code key} for this process with an operating-system file lock
     * (released by the system if the process dies, so a killed run never blocks the next one). When
     * another process (or another thread of this one) holds it, this waits for it, saying so once;
     * the caller then finds the artifact complete and reuses it.
     */
    public WorkLock lockWork(StageKey key) throws IOException {
        EntryLock lock = EntryLock.acquire(root.resolve(key.kind()).resolve(".lock-" + key.hash()),
                key.kind() + "/" + key.shortHash());
        return lock::close;
    }

    /** The work folder of {@code key}, created if needed. */
    public Path openWork(StageKey key) throws IOException {
        Path work = work(key);
        Files.createDirectories(work);
        return work;
    }

    /**
     * Finishes a stage: writes its manifest ({@code facts} plus the key and its recipe) into the work
     * folder and renames the folder to the artifact's. If another process committed the same key
     * first, this one's work is discarded (the artifacts are the same by construction).
     */
    public Path commit(StageKey key, Map<String, Object> facts) throws IOException {
        Path work = work(key);
        Path target = artifact(key);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", 1);
        manifest.put("kind", key.kind());
        manifest.put("key", key.hash());
        manifest.put("recipe", key.recipe());
        manifest.put("created", Instant.now().toString());
        manifest.putAll(facts);
        WorkClock.current().ifPresent(clock -> manifest.put("time", clock.facts()));
        manifest.put("files", CacheEntry.filesField(work));
        AtomicFiles.write(work.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
        if (isComplete(key)) {
            deleteTree(work);
            return target;
        }
        if (Files.exists(target)) {
            deleteTree(target); // a folder without a manifest: not made by this class
        }
        AtomicFiles.renameAtomically(work, target, false);
        CacheEntry.written(target);
        return target;
    }

    /**
     * Notes that a run made or reused the finished artifact of {@code key}: one JSON line
     * {@code {"time", "use": "made"|"reused", "spec", "run"}} appended to its {@value CacheEntry#USES}
     * (not part of its content; {@code graft cache list} and {@code gc} read it). A failure to note
     * it is logged, never fatal.
     */
    public void recordUse(StageKey key, String use, String spec, Path run) {
        Path file = artifact(key).resolve(CacheEntry.USES);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("use", use);
        line.put("spec", spec);
        line.put("run", run.toAbsolutePath().normalize().toString());
        try {
            byte[] bytes = (new ObjectMapper().writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (Files.isDirectory(file.getParent())) {
                Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ArtifactCache.class).warn("could not note the use of {} in {}: {}",
                    key, file, e.getMessage());
        }
    }

    /** The manifest of a finished artifact. */
    public Optional<Map<String, Object>> manifest(StageKey key) {
        return readManifest(artifact(key).resolve(MANIFEST));
    }

    /** The manifests of every finished artifact of {@code kind} (for cost estimates from earlier runs). */
    public List<Map<String, Object>> manifests(String kind) {
        Path dir = root.resolve(kind);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                readManifest(p.resolve(MANIFEST)).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Optional<Map<String, Object>> readManifest(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { }));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes a folder and everything in it, if it exists (a link is removed, not followed). */
    static void deleteTree(Path dir) throws IOException {
        AtomicFiles.deleteTree(dir);
    }
}

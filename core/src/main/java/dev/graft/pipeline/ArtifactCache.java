package dev.graft.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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

    /** True when the finished artifact exists (its manifest is written last, inside the atomic rename). */
    public boolean isComplete(StageKey key) {
        return Files.isRegularFile(artifact(key).resolve(MANIFEST));
    }

    /** Held while a stage works on its key; closing it releases the work folder. */
    public interface WorkLock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Claims the work folder of {@code key} for this process with an operating-system file lock
     * (released by the system if the process dies, so a killed run never blocks the next one).
     *
     * @throws IllegalStateException when another process (or another stage of this one) holds it
     */
    public WorkLock lockWork(StageKey key) throws IOException {
        Path file = root.resolve(key.kind()).resolve(".lock-" + key.hash());
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another graft run is working on " + key + " (it holds " + file
                    + "); let it finish or stop it, then run again: finished stages are reused");
        }
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
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
        AtomicFiles.write(work.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
        if (isComplete(key)) {
            deleteTree(work);
            return target;
        }
        if (Files.exists(target)) {
            deleteTree(target); // a folder without a manifest: not made by this class
        }
        try {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache's file system cannot rename " + work + " atomically", e);
        }
        return target;
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

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

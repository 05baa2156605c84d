package dev.graft.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.io.CacheEntry;
import dev.graft.io.EntryLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What an artifact cache holds, for {@code graft cache list | verify | gc}: every finished entry
 * ({@code <kind>/<key>/}), every partial one ({@code <kind>/.work-<key>/}, a stage's resumable work) and
 * every damaged one set aside under {@code .damaged/}, with its size, the specs and run folders that
 * made or reused it ({@value CacheEntry#USES}) and its last use.
 */
public final class CacheInventory {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code <kind>-<64 hex key>-<time>}, as {@link CacheEntry#setAside} names a damaged entry. */
    private static final java.util.regex.Pattern DAMAGED_NAME = java.util.regex.Pattern.compile("(.+)-([0-9a-f]{64})-(.+)");

    /** Where an entry stands. */
    public enum State { FINISHED, PARTIAL, DAMAGED }

    /**
     * One entry.
     *
     * @param kind    the stage kind ({@code data}, {@code train-small}, …; the original kind for a damaged one)
     * @param key     the full key (hash); for a damaged entry the folder's name under {@code .damaged/}
     * @param dir     its folder
     * @param bytes   the size of every file in it
     * @param created when it was committed (the manifest's {@code created}), else its folder's time
     * @param lastUse the newest use noted in its log, else {@code created}
     * @param specs   the specs whose runs made or reused it, in first-use order
     * @param runs    the run folders that did
     */
    public record Entry(String kind, String key, State state, Path dir, long bytes, Instant created, Instant lastUse,
                        List<String> specs, List<String> runs) {

        /** {@code kind/key} as messages and keep-sets name it. */
        public String name() {
            return kind + "/" + key;
        }
    }

    private final Path root;

    public CacheInventory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Every entry, sorted by kind then key; damaged ones last. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path kindDir : list(root)) {
            String kind = kindDir.getFileName().toString();
            if (kind.startsWith(".") || !Files.isDirectory(kindDir)) {
                continue;
            }
            for (Path dir : list(kindDir)) {
                String name = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || (name.startsWith(".") && !name.startsWith(".work-"))) {
                    continue; // locks, temporary folders of a writer
                }
                boolean partial = name.startsWith(".work-");
                out.add(entry(kind, partial ? name.substring(".work-".length()) : name,
                        partial ? State.PARTIAL : State.FINISHED, dir));
            }
        }
        Path damaged = root.resolve(CacheEntry.DAMAGED);
        if (Files.isDirectory(damaged)) {
            for (Path dir : list(damaged)) {
                String name = dir.getFileName().toString();
                java.util.regex.Matcher m = DAMAGED_NAME.matcher(name);
                out.add(entry(m.matches() ? m.group(1) : "?", name, State.DAMAGED, dir));
            }
        }
        return out;
    }

    private Entry entry(String kind, String key, State state, Path dir) {
        Optional<Map<String, Object>> manifest = CacheEntry.manifest(dir);
        Instant created = manifest.map(m -> m.get("created")).map(String::valueOf).flatMap(CacheInventory::instant)
                .orElseGet(() -> modified(dir));
        Instant last = created;
        Set<String> specs = new LinkedHashSet<>();
        Set<String> runs = new LinkedHashSet<>();
        manifest.map(m -> m.get("made_by")).map(String::valueOf).ifPresent(specs::add);
        Path uses = dir.resolve(CacheEntry.USES);
        if (Files.isRegularFile(uses)) {
            try {
                for (String line : Files.readAllLines(uses, StandardCharsets.UTF_8)) {
                    try {
                        JsonNode u = JSON.readTree(line);
                        Optional<Instant> t = instant(u.path("time").asText(""));
                        if (t.isPresent() && t.get().isAfter(last)) {
                            last = t.get();
                        }
                        if (!u.path("spec").asText("").isBlank()) {
                            specs.add(u.path("spec").asText());
                        }
                        if (!u.path("run").asText("").isBlank()) {
                            runs.add(u.path("run").asText());
                        }
                    } catch (IOException e) {
                        // a line cut off by a kill: skipped
                    }
                }
            } catch (IOException e) {
                // unreadable log: no uses known
            }
        }
        return new Entry(kind, key, state, dir, size(dir), created, last, List.copyOf(specs), List.copyOf(runs));
    }

    /** The hash check of every finished entry: name → problem, for the damaged ones (and legacy ones without a file list). */
    public List<Problem> verify() {
        List<Problem> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.state() != State.FINISHED) {
                continue;
            }
            CacheEntry.Verdict v = CacheEntry.check(e.dir(), true);
            if (!v.intact()) {
                out.add(new Problem(e, v));
            }
        }
        return out;
    }

    /** An entry {@link #verify} found not intact. */
    public record Problem(Entry entry, CacheEntry.Verdict verdict) {
    }

    /** Moves a damaged finished entry under {@code .damaged/} (so the next run rebuilds it). */
    public void setAside(Problem p) {
        CacheEntry.setAside(root, p.entry().dir(), p.entry().name(), p.verdict().problem());
    }

    /**
     * What {@code gc} removes: damaged entries always; finished and partial entries that match every
     * given criterion — not needed by {@code keep} (names {@code kind/key}; null: no such criterion) and
     * last used before {@code before} (null: no such criterion). With neither criterion only damaged
     * entries go.
     */
    public List<Entry> garbage(Collection<String> keep, Instant before) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.state() == State.DAMAGED) {
                out.add(e);
                continue;
            }
            if (keep == null && before == null) {
                continue;
            }
            boolean unneeded = keep == null || !keep.contains(e.name());
            boolean old = before == null || e.lastUse().isBefore(before);
            if (unneeded && old) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Deletes an entry unless a process is building it right now (it holds the entry's lock);
     * returns whether it was deleted. A finished entry is first renamed away, so no reader ever
     * sees it half-deleted.
     */
    public boolean remove(Entry e) throws IOException {
        if (e.state() == State.DAMAGED) {
            ArtifactCache.deleteTree(e.dir());
            return true;
        }
        Path lockFile = root.resolve(e.kind()).resolve(".lock-" + e.key());
        Optional<EntryLock> lock = EntryLock.tryAcquire(lockFile);
        if (lock.isEmpty()) {
            return false;
        }
        try (EntryLock held = lock.get()) {
            Path doomed = e.dir().resolveSibling(".gc-" + e.key() + "-" + ProcessHandle.current().pid());
            Files.move(e.dir(), doomed);
            ArtifactCache.deleteTree(doomed);
            return true;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static Instant modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static Optional<Instant> instant(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

package dev.graft.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The integrity of one finished cache entry ({@code <root>/<kind>/<key>/}): its {@code manifest.json}
 * lists every file of the entry under {@code files} as {@code {"path", "size", "sha256"}} (paths
 * relative to the entry, '/'-separated; the manifest itself and the {@value #USES} log are not listed).
 * Before an entry is reused its files' sizes are always checked and their SHA-256 hashes once per
 * process ({@link #usable}); a damaged entry is reported once, moved aside under
 * {@code <root>/.damaged/} and never used, so the stage that makes it runs again.
 *
 * <p>An entry written before manifests listed files ("legacy") is adopted once: every zip-structured
 * file in it ({@code .npz}, {@code .ckpt}) is read through, checking each member's CRC, and if all are
 * intact the file list is added to its manifest; if one is not, the entry is damaged.
 */
public final class CacheEntry {
    private static final Logger LOG = LoggerFactory.getLogger(CacheEntry.class);
    public static final String MANIFEST = "manifest.json";
    /** One JSON line per run that created or reused the entry (for {@code graft cache list} and {@code gc}). */
    public static final String USES = "uses.jsonl";
    /** Where damaged entries are moved, under the cache root. */
    public static final String DAMAGED = ".damaged";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Entries whose hashes this process has checked (or written) already. */
    private static final Set<Path> HASHED = ConcurrentHashMap.newKeySet();

    private CacheEntry() {
    }

    /** One file of an entry as its manifest records it. */
    public record FileFact(String path, long size, String sha256) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("size", size);
            m.put("sha256", sha256);
            return m;
        }
    }

    /** What {@link #check} found: intact, legacy (no file list), missing (no manifest) or damaged with a reason. */
    public record Verdict(Status status, String problem) {
        public enum Status { INTACT, LEGACY, MISSING, DAMAGED }

        public boolean intact() {
            return status == Status.INTACT;
        }
    }

    /** The files of {@code dir} (every regular file below it but the manifest and the uses log), sorted, hashed. */
    public static List<FileFact> describe(Path dir) throws IOException {
        List<FileFact> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.equals(MANIFEST) || rel.equals(USES)) {
                    continue;
                }
                out.add(new FileFact(rel, Files.size(p), sha256(p)));
            }
        }
        return out;
    }

    /** {@link #describe} as the manifest's {@code files} list. */
    public static List<Map<String, Object>> filesField(Path dir) throws IOException {
        return describe(dir).stream().map(FileFact::toMap).toList();
    }

    /** The SHA-256 of a file, streamed, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads an entry's manifest; empty when it is absent or not JSON. */
    public static Optional<Map<String, Object>> manifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { }));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks an entry against its manifest: every listed file present with its size, and with
     * {@code hash} also its SHA-256. The first problem found is the verdict's reason, e.g.
     * {@code games.npz: size 5,000, expected 33,112}.
     */
    public static Verdict check(Path dir, boolean hash) {
        if (!Files.isDirectory(dir)) {
            return new Verdict(Verdict.Status.MISSING, "no folder");
        }
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            return new Verdict(Verdict.Status.MISSING, MANIFEST + ": missing");
        }
        Optional<Map<String, Object>> manifest = manifest(dir);
        if (manifest.isEmpty()) {
            return new Verdict(Verdict.Status.DAMAGED, MANIFEST + ": not readable JSON");
        }
        if (!(manifest.get().get("files") instanceof List<?> files)) {
            return new Verdict(Verdict.Status.LEGACY, MANIFEST + " lists no files");
        }
        for (Object o : files) {
            if (!(o instanceof Map<?, ?> f) || !(f.get("path") instanceof String path)
                    || !(f.get("size") instanceof Number size)) {
                return new Verdict(Verdict.Status.DAMAGED, MANIFEST + ": a file entry without path and size: " + o);
            }
            Path file = dir.resolve(path);
            if (!Files.isRegularFile(file)) {
                return new Verdict(Verdict.Status.DAMAGED, path + ": missing");
            }
            try {
                long actual = Files.size(file);
                if (actual != size.longValue()) {
                    return new Verdict(Verdict.Status.DAMAGED, String.format(Locale.ROOT, "%s: size %,d, expected %,d",
                            path, actual, size.longValue()));
                }
                if (hash && f.get("sha256") instanceof String expected) {
                    String got = sha256(file);
                    if (!got.equals(expected)) {
                        return new Verdict(Verdict.Status.DAMAGED, path + ": content differs (sha-256 "
                                + got.substring(0, 12) + "…, expected " + expected.substring(0, 12) + "…)");
                    }
                }
            } catch (IOException e) {
                return new Verdict(Verdict.Status.DAMAGED, path + ": not readable (" + e.getMessage() + ")");
            }
        }
        return new Verdict(Verdict.Status.INTACT, "");
    }

    /**
     * Whether the finished entry in {@code dir} may be used: its sizes always, its hashes on this
     * process's first use; a legacy entry is adopted ({@link CacheEntry class notes}). A damaged entry
     * is reported ("cache entry data/3f2a… is damaged (games.npz: size 5,000, expected 33,112);
     * rebuilding it"), moved under {@code <root>/.damaged/}, and false is returned, as for a missing one.
     *
     * @param root the cache root
     * @param name the entry's name for messages, {@code <kind>/<key>}
     */
    public static boolean usable(Path root, Path dir, String name) {
        Path abs = dir.toAbsolutePath().normalize();
        boolean hash = !HASHED.contains(abs);
        Verdict v = check(abs, hash);
        if (v.status() == Verdict.Status.LEGACY) {
            v = adopt(abs);
        }
        switch (v.status()) {
            case INTACT -> {
                HASHED.add(abs);
                return true;
            }
            case MISSING -> {
                return false;
            }
            default -> {
                setAside(root, abs, name, v.problem());
                return false;
            }
        }
    }

    /** Marks an entry this process has just written as hashed (its manifest was computed from its files). */
    public static void written(Path dir) {
        HASHED.add(dir.toAbsolutePath().normalize());
    }

    /**
     * Reports a damaged entry and moves it to {@code <root>/.damaged/<kind>-<key>-<UTC time>}, where
     * {@code graft cache gc} removes it; if another process moved it first, nothing happens.
     */
    public static void setAside(Path root, Path dir, String name, String problem) {
        Path abs = dir.toAbsolutePath().normalize();
        HASHED.remove(abs);
        String shortName = name.length() > 0 && name.contains("/")
                ? name.substring(0, name.indexOf('/') + 1) + shortKey(name.substring(name.indexOf('/') + 1)) : name;
        Path aside = root.toAbsolutePath().normalize().resolve(DAMAGED)
                .resolve(name.replace('/', '-') + "-" + STAMP.format(Instant.now()));
        try {
            Files.createDirectories(aside.getParent());
            AtomicFiles.rename(abs, aside, false);
            LOG.warn("cache entry {} is damaged ({}); rebuilding it (the damaged copy is in {})", shortName, problem, aside);
        } catch (java.nio.file.NoSuchFileException e) {
            // another process set it aside first
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cache entry " + shortName + " is damaged (" + problem
                    + ") and could not be moved aside to " + aside + ": " + e.getMessage(), e);
        }
    }

    private static String shortKey(String key) {
        return key.length() > 12 ? key.substring(0, 8) + "…" : key;
    }

    /**
     * Adopts a legacy entry: checks each zip-structured file member by member and, if all are intact,
     * writes the file list into its manifest (atomically).
     */
    private static Verdict adopt(Path dir) {
        try {
            for (FileFact f : describe(dir)) {
                if (f.path().endsWith(".npz") || f.path().endsWith(".ckpt")) {
                    Optional<String> problem = zipProblem(dir.resolve(f.path()));
                    if (problem.isPresent()) {
                        return new Verdict(Verdict.Status.DAMAGED, f.path() + ": " + problem.get());
                    }
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>(manifest(dir).orElseThrow());
            manifest.put("files", filesField(dir));
            manifest.put("adopted", Instant.now().toString());
            AtomicFiles.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
            LOG.info("cache entry {} predates file lists in manifests; checked and adopted it", dir);
            return new Verdict(Verdict.Status.INTACT, "");
        } catch (IOException e) {
            return new Verdict(Verdict.Status.DAMAGED, "not readable (" + e.getMessage() + ")");
        }
    }

    /** Empty when every member of the zip archive reads with a matching CRC; else what is wrong. */
    public static Optional<String> zipProblem(Path file) {
        int members = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                while (zip.read(buffer) > 0) {
                    // reading to the end checks the member's CRC
                }
                members++;
            }
        } catch (IOException e) {
            return Optional.of("not an intact zip archive (" + e.getMessage() + ")");
        }
        return members == 0 ? Optional.of("not a zip archive (no members)") : Optional.empty();
    }
}

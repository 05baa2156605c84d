package dev.graft.train;

import dev.graft.io.AtomicFiles;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run, in one directory: which files there are and which are kept. The file
 * format is {@link CheckpointFile}'s (docs/checkpoint-format.md).
 * <p>
 * A checkpoint after {@code n} finished steps is {@code step-NNNNNN.ckpt} (zero-padded to at least six
 * digits); the newest is the one with the highest step (there is no pointer file to get out of step).
 * Files are written atomically; temporary files left by a killed writer are never listed and are removed
 * by {@link #removeTemporaryFiles()}. A newest checkpoint that does not read intact is set aside as
 * {@code <name>.damaged} by {@link #latestReadable()}. {@link #prune} keeps the newest few.
 * <p>
 * Beside them, {@value #BEST_FILE} holds the checkpoint with the lowest epoch-end (full) validation loss
 * so far, in the same format; its {@code meta.json} says which step it is and what loss made it best
 * ({@code best}). {@link #select} finds either by name, so a later stage (the graft source, an export)
 * can ask for {@code best} or {@code last}. Pruning never removes it.
 */
public final class CheckpointStore {

    /** Version of the file format ({@link CheckpointFile#FORMAT_VERSION}). */
    public static final int FORMAT_VERSION = CheckpointFile.FORMAT_VERSION;
    /** The {@code format} field of {@code meta.json} ({@link CheckpointFile#FORMAT_NAME}). */
    public static final String FORMAT_NAME = CheckpointFile.FORMAT_NAME;

    /** The file holding the best checkpoint by full validation loss. */
    public static final String BEST_FILE = "best.ckpt";
    /** The names {@link #select} accepts. */
    public static final List<String> CHOICES = List.of("best", "last");

    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.ckpt");
    /** The temporary files of writers before {@link AtomicFiles} wrote checkpoints: removed like its own. */
    private static final String OLD_TEMP_PREFIX = ".tmp-";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CheckpointStore.class);

    private final Path dir;
    private final UnaryOperator<OutputStream> streamDecorator;

    public CheckpointStore(Path dir) {
        this(dir, UnaryOperator.identity());
    }

    /** For tests: {@code streamDecorator} wraps the stream a checkpoint is written through. */
    CheckpointStore(Path dir, UnaryOperator<OutputStream> streamDecorator) {
        this.dir = dir;
        this.streamDecorator = streamDecorator;
    }

    public Path directory() {
        return dir;
    }

    /** The file name a checkpoint after {@code step} finished steps gets. */
    public static String fileName(long step) {
        return String.format("step-%06d.ckpt", step);
    }

    /** Writes the checkpoint of {@code meta.step()} atomically and returns its path. */
    public Path write(CheckpointMeta meta, List<String> names, List<INDArray> parameters,
                      List<INDArray> firstMoments, List<INDArray> secondMoments) {
        return CheckpointFile.write(dir.resolve(fileName(meta.step())), meta, names, parameters, firstMoments,
                secondMoments, streamDecorator);
    }

    /** Writes the best checkpoint, {@value #BEST_FILE}, atomically over the previous one. */
    public Path writeBest(CheckpointMeta meta, List<String> names, List<INDArray> parameters,
                          List<INDArray> firstMoments, List<INDArray> secondMoments) {
        return CheckpointFile.write(dir.resolve(BEST_FILE), meta, names, parameters, firstMoments, secondMoments,
                streamDecorator);
    }

    /**
     * Writes a checkpoint from an untyped meta map ({@code label}, {@code model_shape}, optional
     * {@code provenance} and other entries; see {@link CheckpointMeta}) and returns its path.
     */
    public Path write(long step, Map<String, Object> meta, List<String> names, List<INDArray> parameters,
                      List<INDArray> firstMoments, List<INDArray> secondMoments) {
        Path target = dir.resolve(fileName(step));
        return CheckpointFile.write(target, CheckpointMeta.fromMap(step, meta, target), names, parameters,
                firstMoments, secondMoments, streamDecorator);
    }

    /** {@link #writeBest(CheckpointMeta, List, List, List, List)} from an untyped meta map at {@code step}. */
    public Path writeBest(long step, Map<String, Object> meta, List<String> names, List<INDArray> parameters,
                          List<INDArray> firstMoments, List<INDArray> secondMoments) {
        Path target = dir.resolve(BEST_FILE);
        return CheckpointFile.write(target, CheckpointMeta.fromMap(step, meta, target), names, parameters,
                firstMoments, secondMoments, streamDecorator);
    }

    /** Checkpoint files of this directory, oldest (lowest step) first; temporary files are not listed. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
                    .toList();
        } catch (IOException e) {
            throw new CheckpointException(dir, "directory could not be listed: " + e.getMessage(), e);
        }
    }

    /** The checkpoint with the highest step, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The newest checkpoint that reads intact (every member's CRC, shapes, format). A newer one that
     * does not (truncated, a flipped byte) is renamed to {@code <name>.damaged} — no longer a checkpoint
     * of this store — and reported, and the one before it is tried; empty when none is left, so
     * training starts afresh.
     */
    public Optional<Checkpoint> latestReadable() {
        List<Path> all = new ArrayList<>(list());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            try {
                return Optional.of(read(p));
            } catch (CheckpointException e) {
                Path aside = p.resolveSibling(p.getFileName() + ".damaged");
                try {
                    Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    e.addSuppressed(moveFailed);
                    throw e;
                }
                LOG.warn("{}; set it aside as {} and {}", e.getMessage(), aside.getFileName(),
                        i > 0 ? "resuming from " + all.get(i - 1).getFileName() : "starting this training afresh");
            }
        }
        return Optional.empty();
    }

    /** The best checkpoint by full validation loss ({@value #BEST_FILE}), if one was written. */
    public Optional<Path> best() {
        Path p = dir.resolve(BEST_FILE);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The checkpoint a later stage asks for by name: {@code best} ({@link #best()}) or {@code last}
     * ({@link #latest()}).
     *
     * @throws IllegalArgumentException naming the choices when {@code which} is neither
     */
    public Optional<Path> select(String which) {
        return switch (which) {
            case "best" -> best();
            case "last" -> latest();
            default -> throw new IllegalArgumentException("checkpoint '" + which + "' is not one of "
                    + String.join(", ", CHOICES) + " (best: lowest epoch-end validation loss; last: the newest)");
        };
    }

    /** Deletes the best checkpoint, if any (a fresh run's first full validation writes a new one). */
    public void removeBest() {
        try {
            Files.deleteIfExists(dir.resolve(BEST_FILE));
        } catch (IOException e) {
            throw new CheckpointException(dir.resolve(BEST_FILE), "could not be deleted: " + e.getMessage(), e);
        }
    }

    /** Deletes one checkpoint of this store. */
    public void delete(Path checkpoint) {
        try {
            Files.deleteIfExists(checkpoint);
        } catch (IOException e) {
            throw new CheckpointException(checkpoint, "could not be deleted: " + e.getMessage(), e);
        }
    }

    /** Deletes all but the {@code keep} newest checkpoints. */
    public void prune(int keep) {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                throw new CheckpointException(all.get(i), "old checkpoint could not be deleted: " + e.getMessage(), e);
            }
        }
    }

    /** Deletes temporary files a killed writer left behind. */
    public void removeTemporaryFiles() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(OLD_TEMP_PREFIX)
                    || AtomicFiles.isTemporary(p)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CheckpointException(dir, "temporary files could not be removed: " + e.getMessage(), e);
        }
    }

    /** The step a checkpoint file name says. */
    public static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not named like a checkpoint (step-NNNNNN.ckpt)");
        }
        return Long.parseLong(m.group(1));
    }

    /** Reads a checkpoint ({@link CheckpointFile#read}). */
    public static Checkpoint read(Path file) {
        return CheckpointFile.read(file);
    }

    /** The {@code model_shape} map of {@code meta.json}. */
    static Map<String, Object> shapeMap(ModelShape shape) {
        return CheckpointMeta.shapeJson(shape);
    }
}

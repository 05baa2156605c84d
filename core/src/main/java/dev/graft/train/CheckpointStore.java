package dev.graft.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.io.AtomicFiles;
import dev.graft.io.NoSpaceException;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The checkpoints of one run, in one directory, written atomically.
 * <p>
 * <b>Format</b> (version {@value #FORMAT_VERSION}; also described in {@code docs/checkpoint-format.md}):
 * a file {@code step-NNNNNN.ckpt} (the finished step count, zero-padded to at least six digits) that is
 * a zip archive of uncompressed (STORED) entries:
 * <ul>
 *   <li>{@code meta.json} — {@code format} = {@code "graft-checkpoint"}, {@code format_version},
 *       {@code step}, {@code label}, {@code model_shape} ({@code d_model, d_head, heads, layers, d_mlp}),
 *       {@code parameters} (list of {@code {name, shape, dtype}} in the model's order),
 *       {@code optimizer} ({@code type "adamw", lr, weight_decay, beta1, beta2, eps, step}),
 *       {@code config} (the training settings), {@code provenance} (free-form), {@code metrics}
 *       (the last training and validation records);</li>
 *   <li>{@code params/<name>.npy}, {@code adam/m/<name>.npy}, {@code adam/v/<name>.npy} — one NumPy
 *       {@code .npy} (C order, little-endian) per parameter, per AdamW first moment and per second
 *       moment.</li>
 * </ul>
 * A checkpoint is first written to a hidden temporary file in the same directory, forced to disk, and
 * then renamed over its final name with an atomic move, so a reader never sees a half-written file;
 * temporary files left by a killed writer are ignored and removed by {@link #removeTemporaryFiles()}.
 * The newest checkpoint is the one with the highest step (there is no pointer file to get out of step).
 * <p>
 * Beside them, {@value #BEST_FILE} holds the checkpoint with the lowest epoch-end (full) validation loss
 * so far, in the same format, written the same atomic way; its {@code meta.json} says which step it is
 * and what loss made it best ({@code best}). {@link #select} finds either by name, so a later stage (the
 * graft source, an export) can ask for {@code best} or {@code last}. Pruning never removes it.
 */
public final class CheckpointStore {

    /** Version of the file format written by this class. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code format} field of {@code meta.json}. */
    public static final String FORMAT_NAME = "graft-checkpoint";

    /** The file holding the best checkpoint by full validation loss. */
    public static final String BEST_FILE = "best.ckpt";
    /** The names {@link #select} accepts. */
    public static final List<String> CHOICES = List.of("best", "last");

    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.ckpt");
    /** The temporary files of writers before {@link AtomicFiles} wrote checkpoints: removed like its own. */
    private static final String OLD_TEMP_PREFIX = ".tmp-";
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /**
     * Writes a checkpoint atomically and returns its path.
     *
     * @param meta   the {@code meta.json} content; the store adds {@code format}, {@code format_version},
     *               {@code step} and {@code parameters}
     * @param names  parameter names; arrays of the three lists are in this order
     */
    public Path write(long step, Map<String, Object> meta, List<String> names, List<INDArray> parameters,
                      List<INDArray> firstMoments, List<INDArray> secondMoments) {
        return writeAs(fileName(step), step, meta, names, parameters, firstMoments, secondMoments);
    }

    /**
     * Writes the best checkpoint, {@value #BEST_FILE}, atomically over the previous one; arguments as
     * {@link #write} ({@code meta} should say why it is best, under {@code best}).
     */
    public Path writeBest(long step, Map<String, Object> meta, List<String> names, List<INDArray> parameters,
                          List<INDArray> firstMoments, List<INDArray> secondMoments) {
        return writeAs(BEST_FILE, step, meta, names, parameters, firstMoments, secondMoments);
    }

    private Path writeAs(String fileName, long step, Map<String, Object> meta, List<String> names,
                         List<INDArray> parameters, List<INDArray> firstMoments, List<INDArray> secondMoments) {
        if (parameters.size() != names.size() || firstMoments.size() != names.size()
                || secondMoments.size() != names.size()) {
            throw new IllegalArgumentException("checkpoint needs one parameter and two moments per name");
        }
        Path target = dir.resolve(fileName);
        try {
            Files.createDirectories(dir);
            Map<String, Object> fullMeta = new LinkedHashMap<>();
            fullMeta.put("format", FORMAT_NAME);
            fullMeta.put("format_version", FORMAT_VERSION);
            fullMeta.put("step", step);
            fullMeta.putAll(meta);
            List<Map<String, Object>> described = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("name", names.get(i));
                d.put("shape", parameters.get(i).shape());
                d.put("dtype", numpyName(parameters.get(i).dataType()));
                described.add(d);
            }
            fullMeta.put("parameters", described);
            AtomicFiles.write(target, out -> {
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(streamDecorator.apply(out), 1 << 16));
                putStored(zip, "meta.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(fullMeta));
                for (int i = 0; i < names.size(); i++) {
                    putStored(zip, "params/" + names.get(i) + ".npy", npy(parameters.get(i)));
                    putStored(zip, "adam/m/" + names.get(i) + ".npy", npy(firstMoments.get(i)));
                    putStored(zip, "adam/v/" + names.get(i) + ".npy", npy(secondMoments.get(i)));
                }
                zip.finish();
                zip.flush();
            });
            return target;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            if (e instanceof IOException io && NoSpaceException.isNoSpace(io)) {
                // about the size of the arrays: parameters and two moments of each, float32
                long needed = 0;
                for (INDArray p : parameters) {
                    needed += 3 * (p.length() * p.dataType().width() + 128);
                }
                IOException full = new NoSpaceException(target, needed,
                        io instanceof NoSpaceException && io.getCause() instanceof IOException c ? c : io);
                throw new CheckpointException(target, "could not be written: " + full.getMessage()
                        + " (the previous checkpoint is untouched)", full);
            }
            throw new CheckpointException(target, "could not be written (" + e.getMessage()
                    + "); the previous checkpoint is untouched", e);
        }
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

    /**
     * Reads a checkpoint; a missing, truncated or corrupt file, or one of another format, raises a
     * {@link CheckpointException} naming the file and the problem.
     */
    public static Checkpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "does not exist or is not a file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> meta = JSON.readValue(entry(zip, file, "meta.json"), new TypeReference<>() { });
            if (!FORMAT_NAME.equals(meta.get("format"))) {
                throw new CheckpointException(file, "meta.json has format '" + meta.get("format")
                        + "', expected '" + FORMAT_NAME + "'");
            }
            if (!(meta.get("format_version") instanceof Number version) || version.intValue() != FORMAT_VERSION) {
                throw new CheckpointException(file, "has format version " + meta.get("format_version")
                        + "; this build reads version " + FORMAT_VERSION);
            }
            long step = number(meta, file, "step").longValue();
            String label = String.valueOf(meta.get("label"));
            ModelShape shape = shape(meta, file);
            List<String> names = new ArrayList<>();
            Map<String, INDArray> params = new LinkedHashMap<>();
            Map<String, INDArray> m = new LinkedHashMap<>();
            Map<String, INDArray> v = new LinkedHashMap<>();
            if (!(meta.get("parameters") instanceof List<?> described)) {
                throw new CheckpointException(file, "meta.json has no 'parameters' list");
            }
            for (Object o : described) {
                if (!(o instanceof Map<?, ?> d) || !(d.get("name") instanceof String name)
                        || !(d.get("shape") instanceof List<?> dims)) {
                    throw new CheckpointException(file, "meta.json has a parameter entry without name and shape: " + o);
                }
                long[] expected = dims.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
                names.add(name);
                params.put(name, array(zip, file, "params/" + name + ".npy", expected));
                m.put(name, array(zip, file, "adam/m/" + name + ".npy", expected));
                v.put(name, array(zip, file, "adam/v/" + name + ".npy", expected));
            }
            return new Checkpoint(file, step, label, shape, List.copyOf(names), params, m, v, meta);
        } catch (ZipException e) {
            throw new CheckpointException(file, "is not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + "); delete it to resume from the checkpoint before it", e);
        } catch (IOException e) {
            throw new CheckpointException(file, "could not be read (" + e.getMessage()
                    + "); delete it to resume from the checkpoint before it", e);
        }
    }

    private static INDArray array(ZipFile zip, Path file, String name, long[] expectedShape) throws IOException {
        byte[] bytes = entry(zip, file, name);
        INDArray a;
        try {
            a = Nd4j.createNpyFromByteArray(bytes).dup('c');
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "entry " + name + " is not a valid .npy array", e);
        }
        if (!Arrays.equals(a.shape(), expectedShape)) {
            throw new CheckpointException(file, "entry " + name + " has shape " + Arrays.toString(a.shape())
                    + " but meta.json says " + Arrays.toString(expectedShape));
        }
        return a;
    }

    private static byte[] entry(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new CheckpointException(file, "has no entry '" + name + "' (incomplete checkpoint)");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new CheckpointException(file, "entry '" + name + "' is corrupt (CRC mismatch)");
        }
        return bytes;
    }

    private static Number number(Map<String, Object> meta, Path file, String key) {
        if (!(meta.get(key) instanceof Number n)) {
            throw new CheckpointException(file, "meta.json has no number '" + key + "'");
        }
        return n;
    }

    private static ModelShape shape(Map<String, Object> meta, Path file) {
        if (!(meta.get("model_shape") instanceof Map<?, ?> s)) {
            throw new CheckpointException(file, "meta.json has no 'model_shape'");
        }
        try {
            return new ModelShape(((Number) s.get("d_model")).intValue(), ((Number) s.get("d_head")).intValue(),
                    ((Number) s.get("heads")).intValue(), ((Number) s.get("layers")).intValue(),
                    ((Number) s.get("d_mlp")).intValue());
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "meta.json 'model_shape' lacks one of d_model, d_head, heads, "
                    + "layers, d_mlp: " + s, e);
        }
    }

    /** The {@code model_shape} map of {@code meta.json}. */
    static Map<String, Object> shapeMap(ModelShape shape) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("d_model", shape.dModel());
        s.put("d_head", shape.dHead());
        s.put("heads", shape.heads());
        s.put("layers", shape.layers());
        s.put("d_mlp", shape.dMlp());
        return s;
    }

    /** NumPy's name of an ND4J data type. */
    static String numpyName(DataType type) {
        return switch (type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case HALF -> "float16";
            case BFLOAT16 -> "bfloat16";
            case INT -> "int32";
            case LONG -> "int64";
            case SHORT -> "int16";
            case BYTE -> "int8";
            case UBYTE -> "uint8";
            case BOOL -> "bool";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static byte[] npy(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        return Nd4j.toNpyByteArray(c);
    }

    private static void putStored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}

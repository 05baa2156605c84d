package dev.graft.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.io.AtomicFiles;
import dev.graft.io.NoSpaceException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The checkpoint file format (version {@value #FORMAT_VERSION}; docs/checkpoint-format.md): a zip archive
 * of uncompressed (STORED) entries, {@code meta.json} ({@link CheckpointMeta} plus {@code format},
 * {@code format_version} and {@code parameters}, the list of {@code {name, shape, dtype}} in the model's
 * order), then per parameter {@code params/<name>.npy}, {@code adam/m/<name>.npy} and
 * {@code adam/v/<name>.npy} (NumPy {@code .npy}, C order, little-endian). Files are written atomically
 * ({@link AtomicFiles}); which files a run keeps is {@link CheckpointStore}'s job.
 */
public final class CheckpointFile {

    /** Version of the file format written by this class. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code format} field of {@code meta.json}. */
    public static final String FORMAT_NAME = "graft-checkpoint";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    /**
     * Writes {@code target} atomically: the previous file of that name stays whole until the new one is.
     *
     * @param names           parameter names; arrays of the three lists are in this order
     * @param streamDecorator wraps the stream the archive is written through (tests inject failures)
     * @throws CheckpointException naming the file and the problem (a full disk with the bytes it needed)
     */
    static Path write(Path target, CheckpointMeta meta, List<String> names, List<INDArray> parameters,
                      List<INDArray> firstMoments, List<INDArray> secondMoments,
                      UnaryOperator<OutputStream> streamDecorator) {
        if (parameters.size() != names.size() || firstMoments.size() != names.size()
                || secondMoments.size() != names.size()) {
            throw new IllegalArgumentException("checkpoint needs one parameter and two moments per name");
        }
        try {
            List<Map<String, Object>> described = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("name", names.get(i));
                d.put("shape", parameters.get(i).shape());
                d.put("dtype", numpyName(parameters.get(i).dataType()));
                described.add(d);
            }
            Map<String, Object> json = meta.toJson(described);
            AtomicFiles.write(target, out -> {
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(streamDecorator.apply(out), 1 << 16));
                putStored(zip, "meta.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
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

    /**
     * Reads a checkpoint; a missing, truncated or corrupt file, or one of another format, raises a
     * {@link CheckpointException} naming the file and the problem.
     */
    public static Checkpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "does not exist or is not a file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Object> json = JSON.readValue(entry(zip, file, "meta.json"), new TypeReference<>() { });
            if (!FORMAT_NAME.equals(json.get("format"))) {
                throw new CheckpointException(file, "meta.json has format '" + json.get("format")
                        + "', expected '" + FORMAT_NAME + "'");
            }
            if (!(json.get("format_version") instanceof Number version) || version.intValue() != FORMAT_VERSION) {
                throw new CheckpointException(file, "has format version " + json.get("format_version")
                        + "; this build reads version " + FORMAT_VERSION);
            }
            CheckpointMeta meta = CheckpointMeta.fromJson(json, file);
            List<String> names = new ArrayList<>();
            Map<String, INDArray> params = new LinkedHashMap<>();
            Map<String, INDArray> m = new LinkedHashMap<>();
            Map<String, INDArray> v = new LinkedHashMap<>();
            if (!(json.get("parameters") instanceof List<?> described)) {
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
            return new Checkpoint(file, meta, List.copyOf(names), params, m, v, json);
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

package dev.graft.interop;

import dev.graft.io.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An ordered set of named arrays written as a NumPy {@code .npz}: a zip archive with one uncompressed
 * (STORED) entry {@code <name>.npy} per array, each a NumPy format-1.0 array in C order, little-endian.
 *
 * <p>The bytes depend only on the arrays and their order: every entry carries the fixed timestamp
 * 1980-01-01 00:00 (the earliest a zip can hold), no comments and no extra fields, so writing the same
 * arrays twice gives identical files. Supported dtypes: {@code float32}, {@code int32}, {@code uint8}.
 * Each array is limited to 2³¹−1 bytes of data. Not thread-safe.
 */
public final class NpzArchive {
    /** Timestamp of every entry, so identical arrays give identical archives. */
    public static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** One array: its NumPy dtype string, shape and little-endian data bytes. */
    private record Entry(String descr, long[] shape, byte[] data) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Adds a float32 array; {@code values} in C order, {@code values.length} = product of {@code shape}. */
    public NpzArchive addFloat32(String name, float[] values, long... shape) {
        checkLength(name, values.length, shape);
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return put(name, new Entry("<f4", shape.clone(), b.array()));
    }

    /** Adds an int32 array; {@code values} in C order. */
    public NpzArchive addInt32(String name, int[] values, long... shape) {
        checkLength(name, values.length, shape);
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return put(name, new Entry("<i4", shape.clone(), b.array()));
    }

    /** Adds a uint8 array (bytes taken as unsigned); {@code values} in C order. */
    public NpzArchive addUint8(String name, byte[] values, long... shape) {
        checkLength(name, values.length, shape);
        return put(name, new Entry("|u1", shape.clone(), values.clone()));
    }

    /** Adds UTF-8 text as a 1-D uint8 array (read in Python with {@code bytes(a).decode()} or {@code a.tobytes()}). */
    public NpzArchive addText(String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return addUint8(name, bytes, bytes.length);
    }

    /** Array names in the order they are written. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    /** The shape of array {@code name}. */
    public long[] shape(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no array '" + name + "'; present: " + entries.keySet());
        }
        return e.shape().clone();
    }

    /**
     * Writes the archive to {@code target} atomically (temporary file, fsync, rename), then makes it
     * readable by everyone ({@code rw-r--r--}, where the file system has POSIX permissions): the
     * temporary file starts owner-only, and an export is meant to be shared.
     */
    public void writeAtomically(Path target) throws IOException {
        AtomicFiles.write(target, this::writeTo);
        try {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions stand
        }
    }

    /** Writes the archive to a stream (which is flushed, not closed). */
    public void writeTo(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(new NonClosing(out), 1 << 16));
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            byte[] header = header(e.getValue());
            byte[] data = e.getValue().data();
            ZipEntry z = new ZipEntry(e.getKey() + ".npy");
            z.setMethod(ZipEntry.STORED);
            z.setTimeLocal(ENTRY_TIME);
            long size = (long) header.length + data.length;
            z.setSize(size);
            z.setCompressedSize(size);
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(data);
            z.setCrc(crc.getValue());
            zip.putNextEntry(z);
            zip.write(header);
            zip.write(data);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private NpzArchive put(String name, Entry entry) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("array name '" + name + "' must be non-empty without / or \\");
        }
        if (entries.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("array '" + name + "' was added twice");
        }
        return this;
    }

    private static void checkLength(String name, int length, long[] shape) {
        long product = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("array '" + name + "' has a negative dimension: " + Arrays.toString(shape));
            }
            product *= d;
        }
        if (product != length) {
            throw new IllegalArgumentException("array '" + name + "' has " + length + " values but shape "
                    + Arrays.toString(shape) + " needs " + product);
        }
    }

    /** The NumPy format-1.0 header: magic, version, length, dict padded with spaces to 64 bytes, newline. */
    private static byte[] header(Entry e) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < e.shape().length; i++) {
            shape.append(i == 0 ? "" : ", ").append(e.shape()[i]);
        }
        shape.append(e.shape().length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + e.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String text = dict + " ".repeat(total - unpadded) + "\n";
        byte[] dictBytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + dictBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) dictBytes.length);
        b.put(dictBytes);
        return b.array();
    }

    /** Keeps ZipOutputStream from closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

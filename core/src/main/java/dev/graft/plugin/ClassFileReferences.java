package dev.graft.plugin;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes a class file names in its constant pool (every class it extends, implements, creates,
 * calls or casts to), read from the bytes alone, so a plugin jar's missing classes can be found before
 * its code runs.
 */
final class ClassFileReferences {
    private ClassFileReferences() {
    }

    /**
     * Binary names ({@code a.b.C}) of the classes {@code classFile} refers to; array types give their
     * element class, primitive arrays nothing.
     *
     * @throws IOException when the bytes are not a class file
     */
    static Set<String> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (int index : classNames) {
            String name = index > 0 && index < count ? utf8[index] : null;
            if (name == null) {
                throw new IOException("a class entry names no text");
            }
            if (name.startsWith("[")) {
                int dims = 0;
                while (dims < name.length() && name.charAt(dims) == '[') {
                    dims++;
                }
                if (dims >= name.length() || name.charAt(dims) != 'L') {
                    continue; // an array of primitives
                }
                name = name.substring(dims + 1, name.length() - 1);
            }
            out.add(name.replace('/', '.'));
        }
        return out;
    }
}

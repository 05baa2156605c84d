package dev.graft.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canonical text for resolved values, independent of key order and of how numbers were written
 * (values are already typed: {@code 1e-3} and {@code 0.001} are the same Double), and its SHA-256.
 * Keys are sorted, strings JSON-escaped, numbers in Java's shortest round-trip form.
 */
public final class CanonicalForm {
    private CanonicalForm() {
    }

    /** SHA-256 (hex) of the canonical text of plain values (maps, lists, strings, numbers, booleans, null). */
    public static String sha256(Object plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text(plain).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The canonical text: keys sorted, strings JSON-escaped, numbers in Java's shortest round-trip form. */
    public static String text(Object plain) {
        StringBuilder out = new StringBuilder();
        write(plain, out);
        return out.toString();
    }

    private static void write(Object v, StringBuilder out) {
        if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (v instanceof String s) {
            writeString(s, out);
        } else if (v instanceof Double || v instanceof Float) {
            out.append(Double.toString(((Number) v).doubleValue()));
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("no canonical form for " + v.getClass());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A default value as it would be written in YAML, for the reference docs. */
    static String yamlScalar(Object v) {
        if (v instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (v instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? ", " : "").append(yamlScalar(list.get(i)));
            }
            return out.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ", ").append(e.getKey()).append(": ").append(yamlScalar(e.getValue()));
                first = false;
            }
            return out.append('}').toString();
        }
        return String.valueOf(v);
    }
}

package dev.graft.data;

import org.jetbrains.bio.npy.NpyArray;

/** Conversions of arrays read by the NPY library into Java int/boolean arrays, whatever their integer dtype. */
final class NpyArrays {
    private NpyArrays() {
    }

    /** The values as ints, or null when the array is not of an integer dtype. */
    static int[] ints(NpyArray a) {
        Object data = a.getData();
        if (data instanceof int[] v) {
            return v;
        }
        int[] out;
        if (data instanceof short[] v) {
            out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else if (data instanceof byte[] v) {
            out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else if (data instanceof long[] v) {
            out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                long x = v[i];
                out[i] = x > Integer.MAX_VALUE ? Integer.MAX_VALUE : x < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) x;
            }
        } else {
            return null;
        }
        return out;
    }

    /** The values as booleans (bool, or integers 0/1), or null when neither. */
    static boolean[] bools(NpyArray a) {
        Object data = a.getData();
        if (data instanceof boolean[] v) {
            return v;
        }
        int[] v = ints(a);
        if (v == null) {
            return null;
        }
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != 1) {
                return null;
            }
            out[i] = v[i] == 1;
        }
        return out;
    }

    /** A dtype name for messages, e.g. {@code float32}. */
    static String dtype(NpyArray a) {
        Object d = a.getData();
        if (d instanceof boolean[]) {
            return "bool";
        } else if (d instanceof byte[]) {
            return "int8";
        } else if (d instanceof short[]) {
            return "int16";
        } else if (d instanceof int[]) {
            return "int32";
        } else if (d instanceof long[]) {
            return "int64";
        } else if (d instanceof float[]) {
            return "float32";
        } else if (d instanceof double[]) {
            return "float64";
        }
        return d == null ? "unknown" : d.getClass().getSimpleName();
    }

    static String shape(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}

package dev.graft.data;

import dev.graft.io.UserInputException;
import dev.graft.spi.Game;
import org.jetbrains.bio.npy.NpyFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes positions as a folder of {@code .npy} files (DESIGN.md "Interchange formats"):
 * {@code tokens} int8 [n, squares] (no CLS), {@code value} float32 [n], {@code policy} int16 [n],
 * {@code mask} bool [n, moves], {@code aux} float32 [n, outputs], {@code game} int32 [n],
 * {@code ply} int16 [n], {@code symmetry} int8 [n]. The folder is filled under a temporary name and
 * renamed into place, so it is either absent or complete.
 */
public final class PositionDump {
    /** File names (without {@code .npy}) in the order they are written. */
    public static final java.util.List<String> ARRAYS =
            java.util.List.of("tokens", "value", "policy", "mask", "aux", "game", "ply", "symmetry");

    private PositionDump() {
    }

    /**
     * Writes {@code refs} of {@code source} into folder {@code dir}, which must not exist or be empty.
     *
     * @throws UserInputException when {@code dir} exists and is not an empty folder
     */
    public static void write(Path dir, GamePositions source, PositionRef[] refs) {
        write(dir, source, refs, java.util.Map.of());
    }

    /**
     * As {@link #write(Path, GamePositions, PositionRef[])}, with further text files (name → content,
     * e.g. {@code dump.json}) written into the folder before it is renamed into place.
     */
    public static void write(Path dir, GamePositions source, PositionRef[] refs, java.util.Map<String, String> extraFiles) {
        requireNewFolder(dir);
        writeArrays(dir, source, refs, extraFiles);
    }

    /** Refuses a {@code dir} that exists and is not an empty folder (a dump never overwrites files). */
    static void requireNewFolder(Path dir) {
        if (Files.exists(dir)) {
            boolean empty;
            try (var entries = Files.isDirectory(dir) ? Files.list(dir) : null) {
                empty = entries != null && entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!empty) {
                throw new UserInputException(dir + " already exists and is not an empty folder; give a new --out folder"
                        + " (a dump is never written over existing files)");
            }
        }
    }

    private static void writeArrays(Path dir, GamePositions source, PositionRef[] refs,
            java.util.Map<String, String> extraFiles) {
        Game game = source.game();
        Batch b = source.batch(refs);
        int n = refs.length;
        int squares = game.squares();
        int tokens = game.tokens();
        if (game.moves() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("policy is int16, but " + game.name() + " has " + game.moves() + " moves");
        }
        byte[] board = new byte[n * squares];
        short[] policy = new short[n];
        int[] gameIds = new int[n];
        short[] ply = new short[n];
        byte[] symmetry = new byte[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b.tokenIds(), i * tokens, board, i * squares, squares);
            policy[i] = (short) b.policy()[i];
            gameIds[i] = refs[i].game();
            ply[i] = (short) refs[i].ply();
            symmetry[i] = (byte) refs[i].symmetry();
        }
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        try {
            AtomicPaths.writeDirectory(dir, tmp -> {
                NpyFile.write(tmp.resolve("tokens.npy"), board, new int[] {n, squares});
                NpyFile.write(tmp.resolve("value.npy"), b.value(), new int[] {n}, le);
                NpyFile.write(tmp.resolve("policy.npy"), policy, new int[] {n}, le);
                NpyFile.write(tmp.resolve("mask.npy"), b.legal(), new int[] {n, game.moves()});
                NpyFile.write(tmp.resolve("aux.npy"), b.aux(), new int[] {n, source.auxOutputs()}, le);
                NpyFile.write(tmp.resolve("game.npy"), gameIds, new int[] {n}, le);
                NpyFile.write(tmp.resolve("ply.npy"), ply, new int[] {n}, le);
                NpyFile.write(tmp.resolve("symmetry.npy"), symmetry, new int[] {n});
                for (java.util.Map.Entry<String, String> e : extraFiles.entrySet()) {
                    Files.writeString(tmp.resolve(e.getKey()), e.getValue());
                }
                for (java.util.Map.Entry<String, String> e : extraFiles.entrySet()) {
                    Files.writeString(tmp.resolve(e.getKey()), e.getValue());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write positions to " + dir + ": " + e.getMessage(), e);
        }
    }
}

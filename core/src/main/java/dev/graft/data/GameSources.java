package dev.graft.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which part of a game mix each game of a batch came from: game {@code i} was played by the
 * generator {@code names.get(source[i])}, the {@code source[i]}-th item of {@code data.mix} (0 for a
 * single {@code data.generator}). Stored in a game-record file as the arrays {@code source} int8
 * [games] and {@code source_names} (byte strings, one per part).
 *
 * @param names  generator name of each part, in mix order (a name may repeat when two parts use the
 *               same generator with different options; the index tells them apart)
 * @param source the part index of each game
 */
public record GameSources(List<String> names, byte[] source) {

    /** At most this many parts: the index is stored as int8. */
    public static final int MAX_PARTS = Byte.MAX_VALUE;

    public GameSources {
        names = List.copyOf(names);
        source = source.clone();
        if (names.isEmpty() || names.size() > MAX_PARTS) {
            throw new IllegalArgumentException("a mix has 1 … " + MAX_PARTS + " parts, got " + names.size());
        }
        for (int i = 0; i < source.length; i++) {
            if (source[i] < 0 || source[i] >= names.size()) {
                throw new IllegalArgumentException("game " + i + ": source " + source[i] + " outside 0…"
                        + (names.size() - 1));
            }
        }
    }

    /** Every one of {@code games} games from the one generator {@code name}. */
    public static GameSources single(String name, int games) {
        return new GameSources(List.of(Objects.requireNonNull(name, "name")), new byte[games]);
    }

    /** Number of games. */
    public int games() {
        return source.length;
    }

    /** The part index of game {@code game}. */
    public int of(int game) {
        return source[game];
    }

    /** The generator name of game {@code game}'s part. */
    public String nameOf(int game) {
        return names.get(source[game]);
    }

    /** How many games each part played, in part order. */
    public int[] counts() {
        int[] out = new int[names.size()];
        for (byte s : source) {
            out[s]++;
        }
        return out;
    }

    @Override
    public byte[] source() {
        return source.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GameSources other && names.equals(other.names) && Arrays.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(source);
    }

    @Override
    public String toString() {
        return "GameSources" + names + Arrays.toString(counts());
    }
}

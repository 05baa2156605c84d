package dev.graft.generators;

import java.util.Arrays;

/** A growable list of moves (ints) for one game being played. */
final class MoveList {
    private int[] moves = new int[64];
    private int size;

    void add(int move) {
        if (size == moves.length) {
            moves = Arrays.copyOf(moves, 2 * size);
        }
        moves[size++] = move;
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(moves, size);
    }
}

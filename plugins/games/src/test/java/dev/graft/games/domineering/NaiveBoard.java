package dev.graft.games.domineering;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-only reference: Domineering rules written straight from EXPERIMENT.md with a boolean grid and
 * nested loops, no bit tricks, to check the bitboard engine against.
 */
final class NaiveBoard {
    final int n;
    final boolean[][] covered;

    NaiveBoard(int n) {
        this.n = n;
        this.covered = new boolean[n][n];
    }

    /** Legal moves of {@code player}, encoded as in EXPERIMENT.md, sorted ascending. */
    List<Integer> legal(int player) {
        List<Integer> out = new ArrayList<>();
        int p = n * (n - 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (player == 0 && i + 1 < n && !covered[i][j] && !covered[i + 1][j]) {
                    out.add(i * n + j);
                }
                if (player == 1 && j + 1 < n && !covered[i][j] && !covered[i][j + 1]) {
                    out.add(p + j * n + i);
                }
            }
        }
        out.sort(null);
        return out;
    }

    void play(int move) {
        int p = n * (n - 1);
        if (move < p) {
            int i = move / n;
            int j = move % n;
            cover(i, j);
            cover(i + 1, j);
        } else {
            int k = move - p;
            int j = k / n;
            int i = k % n;
            cover(i, j);
            cover(i, j + 1);
        }
    }

    private void cover(int i, int j) {
        if (covered[i][j]) {
            throw new IllegalStateException("reference board: (" + i + "," + j + ") already covered");
        }
        covered[i][j] = true;
    }
}

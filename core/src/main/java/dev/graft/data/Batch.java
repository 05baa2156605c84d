package dev.graft.data;

/**
 * A batch of positions in the layout the model consumes (row-major, flat arrays).
 *
 * @param size       positions in the batch
 * @param tokens     sequence length (squares + CLS)
 * @param moves      size of the move space
 * @param auxOutputs auxiliary targets per position (0 when none)
 * @param tokenIds   [size·tokens] token ids, CLS last in each row
 * @param value      [size] 1 if the first player (Domineering: vertical) won, else 0
 * @param policy     [size] the move played from the position
 * @param legal      [size·moves] legal moves of the side to move
 * @param aux        [size·auxOutputs] auxiliary targets
 */
public record Batch(int size, int tokens, int moves, int auxOutputs,
                    byte[] tokenIds, float[] value, int[] policy, boolean[] legal, float[] aux) {

    public Batch {
        check(tokenIds.length == size * tokens, "tokenIds");
        check(value.length == size, "value");
        check(policy.length == size, "policy");
        check(legal.length == size * moves, "legal");
        check(aux.length == size * auxOutputs, "aux");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("batch array '" + what + "' has the wrong length");
        }
    }
}

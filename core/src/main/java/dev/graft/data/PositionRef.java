package dev.graft.data;

/**
 * One training position: game {@code game} (index into the whole game list) after {@code ply}
 * moves, seen under symmetry {@code symmetry} of the game.
 */
public record PositionRef(int game, int ply, int symmetry) {
}

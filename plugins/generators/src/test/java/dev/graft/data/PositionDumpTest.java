package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.io.UserInputException;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PositionDumpTest {
    @TempDir
    Path dir;

    private static NpyArray npy(Path folder, String name) {
        return NpyFile.read(folder.resolve(name + ".npy"), 1 << 16);
    }

    @Test
    void dumped_positions_match_the_replayed_games() throws IOException {
        Game game = new DomineeringGame(5);
        List<GameRecord> games = TestData.games(game, TestData.alphabeta(), 8, 13);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        GamePositions src = new GamePositions(game, games, all,
                List.of(new TestData.EmptyPerRow(), new TestData.Occupied()), 17);
        int n = 50;
        PositionRef[] refs = new PositionRef[n];
        for (int i = 0; i < n; i++) {
            refs[i] = src.locate(i);
        }
        Path out = dir.resolve("positions");
        PositionDump.write(out, src, refs);

        byte[] tokens = npy(out, "tokens").asByteArray();
        assertArrayEquals(new int[] {n, 25}, npy(out, "tokens").getShape());
        float[] value = npy(out, "value").asFloatArray();
        short[] policy = npy(out, "policy").asShortArray();
        boolean[] mask = npy(out, "mask").asBooleanArray();
        assertArrayEquals(new int[] {n, 40}, npy(out, "mask").getShape());
        float[] aux = npy(out, "aux").asFloatArray();
        assertArrayEquals(new int[] {n, 6}, npy(out, "aux").getShape());
        int[] gameIds = npy(out, "game").asIntArray();
        short[] ply = npy(out, "ply").asShortArray();
        byte[] symmetry = npy(out, "symmetry").asByteArray();
        for (int i = 0; i < n; i++) {
            PositionRef ref = new PositionRef(gameIds[i], ply[i], symmetry[i]);
            assertEquals(refs[i], ref);
            new PositionCheck(game, games.get(ref.game()), ref)
                    .assertRow("row " + i, tokens, i * 25, policy[i], mask, i * 40, aux, i * 6, value[i]);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("positions"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary folder left");
        }
    }

    @Test
    void an_existing_non_empty_folder_is_refused_and_left_alone() throws IOException {
        Game game = new DomineeringGame(4);
        List<GameRecord> games = TestData.games(game, TestData.random(), 3, 1);
        GamePositions src = new GamePositions(game, games, new int[] {0, 1, 2}, List.of(), 1);
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThrows(UserInputException.class, () -> PositionDump.write(out, src, new PositionRef[] {src.locate(0)}));
        try (var files = Files.list(out)) {
            assertEquals(List.of("keep.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}

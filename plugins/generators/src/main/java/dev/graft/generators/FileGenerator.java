package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Games read from a game-record {@code .npz} (graft's own, or one written by the study's Python code
 * with {@code np.savez_compressed}: int16 {@code lengths}, no {@code board}), not played: game
 * {@code i} of a batch is the file's game {@code i}, so a batch of {@code n} games is the file's
 * first {@code n}. {@link #prepare} reads and replays those games on the spec's game and refuses,
 * naming the file, a file with fewer games than asked, a {@code board} array of another size, or a
 * game that is not legal (with its index and ply). The data cache key includes the file's SHA-256
 * ({@link #cacheInputs}), so an edited file is read again.
 */
public final class FileGenerator implements GameGenerator {
    private final Path file;
    private final PluginContext context;
    private volatile String sha256;
    private volatile List<GameRecord> games;

    /**
     * @param file    the absolute path of the game-record file
     * @param context the engine's services: its game-record reader ({@link PluginContext#gameRecords()})
     */
    public FileGenerator(Path file, PluginContext context) {
        this.file = file;
        this.context = context;
    }

    public Path file() {
        return file;
    }

    @Override
    public Map<String, String> cacheInputs() {
        return Map.of("sha256", sha256());
    }

    /** The file's SHA-256, computed once. */
    String sha256() {
        String s = sha256;
        if (s == null) {
            s = digest(file);
            sha256 = s;
        }
        return s;
    }

    @Override
    public void prepare(Game game, long seed) {
        prepare(game, seed, Integer.MAX_VALUE);
    }

    @Override
    public void prepare(Game game, long seed, int count) {
        String before = sha256();
        List<GameRecord> read = context.gameRecords().read(file, game, count);
        if (read.size() < count && count != Integer.MAX_VALUE) {
            throw new PluginInputException(file + ": holds " + read.size() + " games, but " + count + " were asked"
                    + " for (data.games, or this generator's share of data.mix); ask for at most " + read.size()
                    + " or give a file with more games");
        }
        if (!digest(file).equals(before)) {
            throw new PluginInputException(file + ": changed while it was being read; run again once it is complete");
        }
        games = read;
    }

    @Override
    public GamePlayer newPlayer(Game game) {
        List<GameRecord> read = games;
        if (read == null) {
            throw new IllegalStateException("the file generator has read no games yet: call prepare(game, seed, games)"
                    + " before newPlayer");
        }
        return new GamePlayer() {
            @Override
            public GameRecord play(long seed) {
                throw new IllegalStateException("the file generator hands out the file's games by index: call"
                        + " play(index, seed)");
            }

            @Override
            public GameRecord play(int index, long seed) {
                if (index < 0 || index >= read.size()) {
                    throw new PluginInputException(file + ": has no game " + index + " (it holds " + read.size() + ")");
                }
                return read.get(index);
            }
        };
    }

    private static String digest(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // reading feeds the digest
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new PluginInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

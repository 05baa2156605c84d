package dev.graft.spi;

import java.nio.file.Path;
import java.util.List;

/** Reads game-record files: graft's {@code .npz} or the study's numpy files (int16 {@code lengths}, no {@code board}). */
public interface GameRecordReader {

    /**
     * The first {@code limit} games of {@code file} (all, when it holds fewer), each replayed on
     * {@code game} and checked legal.
     *
     * @throws PluginInputException naming the file when it cannot be read, is not a game-record file,
     *                              has a {@code board} of another size, or holds an illegal game (with its
     *                              index and ply)
     */
    List<GameRecord> read(Path file, Game game, int limit);
}

package dev.graft.generators;

import dev.graft.spi.GameGenerator;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code file} generator: the first games of an existing game-record file ({@link FileGenerator}). */
public final class FileGeneratorFactory implements PluginFactory<GameGenerator> {
    static final String PATH = "path";

    @Override
    public PluginKind kind() {
        return PluginKind.GAME_GENERATOR;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String description() {
        return "the first games of a game-record .npz (graft's or the study's numpy files; the board is the"
                + " spec's game), replayed and checked; cached by the file's SHA-256";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.path(PATH, "",
                "the game-record .npz (moves, lengths, winners); relative to the spec file"));
    }

    /** Without the engine's services: {@link GameGenerator#prepare} then says it needs them. */
    @Override
    public GameGenerator create(Options options) {
        return create(options, PluginContext.none());
    }

    @Override
    public GameGenerator create(Options options, PluginContext context) {
        String path = options.getString(PATH);
        if (path.isEmpty()) {
            throw new InvalidOptionsException(PATH, "give the game-record file, e.g. {name: file, path: games.npz}"
                    + " (relative to the spec file)");
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new InvalidOptionsException(PATH, "no such file: " + file + " (a relative path is read from the"
                    + " folder of the spec file that gives it)");
        }
        return new FileGenerator(file, context);
    }
}

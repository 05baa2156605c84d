package dev.graft.pipeline;

import dev.graft.io.UserInputException;
import dev.graft.model.Transformer;
import dev.graft.plugin.PluginCatalog;
import dev.graft.plugin.PluginOptions;
import dev.graft.spi.Game;
import dev.graft.spi.PluginKind;
import dev.graft.train.Checkpoint;
import dev.graft.train.CheckpointException;
import dev.graft.train.CheckpointStore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model rebuilt from a checkpoint alone: the game comes from the checkpoint's provenance (plugin
 * name and options, through the plugin catalog), the sizes from {@code model_shape}, the aux head's
 * width from {@code provenance.aux_outputs}. Every problem with the file is a user error naming it
 * ({@link UserInputException}). Used by {@code graft export}/{@code predict} and to load a graft's source.
 *
 * @param checkpoint the checkpoint read
 * @param game       the game the model plays
 * @param model      a float32 model holding the checkpoint's parameters
 */
public record CheckpointModel(Checkpoint checkpoint, Game game, Transformer model) {

    /**
     * Reads {@code file} and rebuilds its model with the game plugin found in {@code catalog}.
     *
     * @throws UserInputException when the file is not a readable checkpoint of a run, or its game or shape
     *                            cannot be recreated (the message names the file)
     */
    public static CheckpointModel load(PluginCatalog catalog, Path file) {
        Checkpoint ck;
        try {
            ck = CheckpointStore.read(file);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage() + " (export and predict read the model checkpoints a run"
                    + " writes: RUN_DIR/checkpoints/<condition>/seed-<s>/step-NNNNNN.ckpt)", e);
        }
        Map<String, Object> provenance = ck.meta().provenance();
        if (provenance == null
                || !(provenance.get("game") instanceof Map<?, ?> gameRef)
                || !(gameRef.get("name") instanceof String gameName)) {
            throw new UserInputException("checkpoint " + file + ": meta.json has no provenance.game {name, options};"
                    + " it was not written by 'graft run', so its game is unknown");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (gameRef.get("options") instanceof Map<?, ?> o) {
            o.forEach((k, v) -> options.put(String.valueOf(k), v));
        }
        Game game;
        try {
            game = PluginOptions.<Game>create(catalog, PluginKind.GAME, gameName, "game", options).plugin();
        } catch (UserInputException e) {
            throw new UserInputException("checkpoint " + file + ": its game cannot be recreated: " + e.getMessage(), e);
        }
        int auxOutputs = provenance.get("aux_outputs") instanceof Number a ? a.intValue()
                : ck.parameters().containsKey("aux.b") ? (int) ck.parameters().get("aux.b").length() : 0;
        long seed = provenance.get("seed") instanceof Number s ? s.longValue() : 0L;
        Transformer model;
        try {
            model = new Transformer(game, ck.shape(), auxOutputs, seed);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("checkpoint " + file + ": model_shape " + ck.shape()
                    + " does not make a model: " + e.getMessage(), e);
        }
        try {
            ck.loadParametersInto(model);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        return new CheckpointModel(ck, game, model);
    }

    /** For messages: {@code checkpoint FILE's model}. */
    public String describe() {
        return "checkpoint " + checkpoint.file() + "'s model";
    }
}

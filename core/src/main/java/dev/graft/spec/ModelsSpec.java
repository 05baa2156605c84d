package dev.graft.spec;

import dev.graft.spi.ModelShape;

/**
 * The sizes of the small model and of the large model it is grafted into.
 *
 * @param init the initialisation scheme of every model ({@code study} or {@code small-normal};
 *             {@code dev.graft.model.Initialisation.named} turns it into the scheme)
 */
public record ModelsSpec(ModelShape small, ModelShape large, String init) {

    static ModelsSpec from(Section s) {
        return new ModelsSpec(shape(s.section("small")), shape(s.section("large")), s.string("init"));
    }

    private static ModelShape shape(Section s) {
        return new ModelShape(s.integer("d_model"), s.integer("d_head"), s.integer("heads"), s.integer("layers"),
                s.integer("d_mlp"));
    }
}

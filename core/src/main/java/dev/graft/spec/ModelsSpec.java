package dev.graft.spec;

import dev.graft.spi.ModelShape;

/** The sizes of the small model and of the large model it is grafted into. */
public record ModelsSpec(ModelShape small, ModelShape large) {

    static ModelsSpec from(Section s) {
        return new ModelsSpec(shape(s.section("small")), shape(s.section("large")));
    }

    private static ModelShape shape(Section s) {
        return new ModelShape(s.integer("d_model"), s.integer("d_head"), s.integer("heads"), s.integer("layers"),
                s.integer("d_mlp"));
    }
}

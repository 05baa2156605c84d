package dev.graft.spi;

/** The sizes of a transformer, as a spec gives them. */
public record ModelShape(int dModel, int dHead, int heads, int layers, int dMlp) {
}

package dev.graft.data;


/**
 * A {@link PositionSource} that names each position of its stream ({@link #locate}) and of its keyed
 * samples ({@link #sampleRefs}) before building them, so reading and sampling are the same two steps
 * for every way of choosing positions.
 */
public interface IndexedPositions extends PositionSource {

    /** Which position is number {@code index} of the endless epoch-ordered stream. */
    PositionRef locate(long index);

    /** {@code count} positions with symmetries chosen from {@code key} alone. */
    PositionRef[] sampleRefs(long key, int count);

    /** The batch of the given positions, in order. */
    Batch batch(PositionRef[] refs);

    @Override
    default Batch read(long from, int count) {
        PositionRef[] refs = new PositionRef[count];
        for (int i = 0; i < count; i++) {
            refs[i] = locate(from + i);
        }
        return batch(refs);
    }

    @Override
    default Batch sample(long key, int count) {
        return batch(sampleRefs(key, count));
    }
}

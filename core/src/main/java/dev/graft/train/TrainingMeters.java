package dev.graft.train;

import dev.graft.model.LossParts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trainer's Micrometer meters, tagged with the run's label: {@code graft.train.step} (timer),
 * {@code graft.train.samples} (counter), and gauges {@code graft.train.samples_per_second},
 * {@code graft.train.lr}, {@code graft.train.loss} with tag {@code term} = total|value|policy|aux.
 */
final class TrainingMeters {

    private final Timer stepTimer;
    private final Counter samples;
    private final AtomicLong samplesPerSecond = new AtomicLong();
    private final AtomicLong lr = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong value = new AtomicLong();
    private final AtomicLong policy = new AtomicLong();
    private final AtomicLong aux = new AtomicLong();

    TrainingMeters(MeterRegistry registry, String label) {
        Tags tags = Tags.of("label", label);
        stepTimer = Timer.builder("graft.train.step").description("time of one training step (data, forward, "
                + "backward, update)").tags(tags).register(registry);
        samples = Counter.builder("graft.train.samples").description("positions trained on").tags(tags)
                .register(registry);
        gauge(registry, "graft.train.samples_per_second", tags, samplesPerSecond);
        gauge(registry, "graft.train.lr", tags, lr);
        gauge(registry, "graft.train.loss", tags.and("term", "total"), total);
        gauge(registry, "graft.train.loss", tags.and("term", "value"), value);
        gauge(registry, "graft.train.loss", tags.and("term", "policy"), policy);
        gauge(registry, "graft.train.loss", tags.and("term", "aux"), aux);
    }

    private static void gauge(MeterRegistry registry, String name, Tags tags, AtomicLong bits) {
        Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get())).tags(tags).strongReference(true)
                .register(registry);
    }

    void record(long nanos, int batch, double learningRate, LossParts loss) {
        stepTimer.record(nanos, TimeUnit.NANOSECONDS);
        samples.increment(batch);
        samplesPerSecond.set(Double.doubleToLongBits(batch * 1e9 / Math.max(1, nanos)));
        lr.set(Double.doubleToLongBits(learningRate));
        total.set(Double.doubleToLongBits(loss.total()));
        value.set(Double.doubleToLongBits(loss.value()));
        policy.set(Double.doubleToLongBits(loss.policy()));
        aux.set(Double.doubleToLongBits(loss.aux()));
    }
}

package dev.graft.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a realistic run directory without training, as the run-directory contract describes it
 * (DESIGN.md): spec.resolved.yaml with experiment and analysis sections, provenance.json,
 * metrics.jsonl (train, quick and full validation records per condition and seed), probes.csv
 * (ridge every {@code every} steps at every layer on the periodic set, plus the shuffled and
 * initialisation controls and a final probe on the final set, in the columns graft's probe stage
 * writes), graft-check files and run-status.json.
 *
 * <p>The five conditions of the study. The probe R² of the baseline at layer l is
 * {@code 0.15 + 0.05·l − 0.2·exp(−t/5000)}; the grafts add a gap that is known exactly at the key
 * layer 2: graft+aux − baseline = {@link #AUX_GAP_INF} + 0.10·exp(−t/6000), graft-aux − baseline =
 * −0.01 − 0.04·exp(−t/4000) (a gap that closes from below); at other layers the gaps are scaled.
 * Every R² gets a per-seed offset and per-step noise.
 */
public final class SyntheticRun {
    /** The asymptote of graft+aux − baseline at layer 2. */
    public static final double AUX_GAP_INF = 0.04;
    public static final double AUX_GAP_A = 0.10;
    public static final double AUX_GAP_TAU = 6000;

    public static final List<String> CONDITIONS = List.of("small+aux", "small-aux", "baseline", "graft+aux", "graft-aux");

    private long[] seeds = {42, 123, 456};
    private long lastStep = 20000;
    private long every = 1000;
    private double noise = 0.004;
    private double seedOffset = 0.004;
    private int bootstrap = 200;
    private List<String> fits = List.of("exponential-offset", "power-law-offset");
    private String layers = "key";
    private String state = "finished";
    private boolean graftCheck = true;
    private List<String> compare = List.of("{a: graft+aux, b: baseline}", "{a: graft+aux, b: graft-aux}",
            "{a: graft-aux, b: baseline}");
    private long randomSeed = 7;

    public static SyntheticRun standard() {
        return new SyntheticRun();
    }

    public SyntheticRun seeds(long... s) {
        this.seeds = s.clone();
        return this;
    }

    public SyntheticRun steps(long last, long probeEvery) {
        this.lastStep = last;
        this.every = probeEvery;
        return this;
    }

    public SyntheticRun noise(double perStep, double perSeed) {
        this.noise = perStep;
        this.seedOffset = perSeed;
        return this;
    }

    public SyntheticRun bootstrap(int replicates) {
        this.bootstrap = replicates;
        return this;
    }

    public SyntheticRun fits(String... names) {
        this.fits = List.of(names);
        return this;
    }

    public SyntheticRun layers(String keyOrAll) {
        this.layers = keyOrAll;
        return this;
    }

    /** The state in run-status.json, or null for no status file. */
    public SyntheticRun state(String s) {
        this.state = s;
        return this;
    }

    public SyntheticRun graftCheck(boolean write) {
        this.graftCheck = write;
        return this;
    }

    /** The compare entries as YAML flow mappings, e.g. {@code {a: graft+aux, b: baseline, layer: 2}}. */
    public SyntheticRun compare(String... entries) {
        this.compare = List.of(entries);
        return this;
    }

    public SyntheticRun randomSeed(long s) {
        this.randomSeed = s;
        return this;
    }

    /** The true R² of a condition at a layer and step, before noise. */
    public static double trueR2(String condition, int layer, double t) {
        double base = 0.15 + 0.05 * layer - 0.2 * Math.exp(-t / 5000);
        double scale = layer <= 2 ? (layer + 1) / 3.0 : Math.pow(0.5, layer - 2);
        return switch (condition) {
            case "graft+aux" -> base + scale * (AUX_GAP_INF + AUX_GAP_A * Math.exp(-t / AUX_GAP_TAU));
            case "graft-aux" -> base + scale * (-0.01 - 0.04 * Math.exp(-t / 4000));
            case "small+aux" -> base + 0.12;
            case "small-aux" -> base - 0.03;
            default -> base;
        };
    }

    static int layersOf(String condition) {
        return condition.startsWith("small") ? 3 : 6;
    }

    /** Writes the run into {@code dir} (created) and returns it. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(randomSeed);
        Files.writeString(dir.resolve(RunFiles.SPEC), spec(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RunFiles.PROVENANCE), provenance(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RunFiles.METRICS), metrics(random), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RunFiles.PROBES), probes(random), StandardCharsets.UTF_8);
        if (graftCheck) {
            for (String condition : List.of("graft+aux", "graft-aux")) {
                for (long seed : seeds) {
                    Path d = dir.resolve(RunFiles.GRAFT_CHECK).resolve(condition + "-seed" + seed);
                    Files.createDirectories(d);
                    for (int k = 0; k < 3; k++) {
                        writeNpy(d.resolve("small_layer" + k + ".npy"));
                        writeNpy(d.resolve("large_layer" + k + ".npy"));
                    }
                }
            }
        }
        if (state != null) {
            Files.writeString(dir.resolve(RunStatus.FILE), "{\"state\": \"" + state + "\", \"updated\": \"2024-05-01T12:00:00Z\"}\n");
        }
        return dir;
    }

    private String spec() {
        StringBuilder s = new StringBuilder("# Resolved graft spec: every setting, defaults included, from a synthetic test run.\n");
        s.append("name: synthetic\n");
        s.append("description: synthetic run with known gap curves\n");
        s.append("seed: ").append(seeds[0]).append('\n');
        s.append("game:\n  name: domineering\n  board: 8\n");
        s.append("models:\n  small: {d_model: 16, d_head: 4, heads: 2, layers: 3, d_mlp: 32}\n");
        s.append("  large: {d_model: 16, d_head: 4, heads: 4, layers: 6, d_mlp: 64}\n");
        s.append("training:\n  lr: 0.001\n  steps: ").append(lastStep).append('\n');
        s.append("experiment:\n  seeds: [");
        for (int i = 0; i < seeds.length; i++) {
            s.append(i == 0 ? "" : ", ").append(seeds[i]);
        }
        s.append("]\n  conditions:\n");
        s.append("    small+aux: {model: small, auxiliary: true}\n");
        s.append("    small-aux: {model: small, auxiliary: false}\n");
        s.append("    baseline: {model: large}\n");
        s.append("    graft+aux: {model: large, graft: {from: small+aux, strategy: {name: front}}}\n");
        s.append("    graft-aux: {model: large, graft: {from: small-aux, strategy: {name: front}}}\n");
        s.append("  compare:\n");
        for (String c : compare) {
            s.append("  - ").append(c).append('\n');
        }
        s.append("probes:\n- {name: ridge, alpha: 1.0}\n");
        s.append("analysis:\n  fits:\n");
        for (String f : fits) {
            s.append("  - name: ").append(f).append('\n');
        }
        s.append("  bootstrap: ").append(bootstrap).append('\n');
        s.append("  prefixes: [0.2, 0.4, 0.6, 0.8]\n  seed: 0\n  layers: ").append(layers).append("\n  probe: ridge\n");
        return s.toString();
    }

    private String provenance() {
        StringBuilder s = new StringBuilder("{\n  \"graft_version\": \"0.1.0-SNAPSHOT\",\n  \"git_commit\": \"0123456789abcdef\",\n");
        s.append("  \"java_version\": \"17\",\n  \"host\": \"test-host\",\n  \"created\": \"2024-05-01T10:00:00Z\",\n");
        s.append("  \"spec_hash\": \"feedface\",\n  \"seeds\": [");
        for (int i = 0; i < seeds.length; i++) {
            s.append(i == 0 ? "" : ", ").append(seeds[i]);
        }
        return s.append("]\n}\n").toString();
    }

    private String metrics(Random random) {
        StringBuilder s = new StringBuilder();
        for (String condition : CONDITIONS) {
            double speed = condition.startsWith("graft") ? 2000 : 3000;
            double floor = condition.startsWith("small") ? 1.45 : 1.3;
            for (long seed : seeds) {
                double offset = 0.02 * random.nextGaussian();
                String label = condition + "-seed" + seed;
                for (long step = 100; step <= lastStep; step += 100) {
                    double loss = floor + offset + 1.5 * Math.exp(-step / speed) + 0.03 * random.nextGaussian();
                    s.append(record(condition, seed, label, "train", step, loss, condition.equals("small+aux")));
                    if (step % 500 == 0) {
                        double v = floor + offset + 0.05 + 1.5 * Math.exp(-step / speed) + 0.01 * random.nextGaussian();
                        s.append(record(condition, seed, label, "quick", step, v, condition.equals("small+aux")));
                    }
                    if (step % 10000 == 0 || step == lastStep) {
                        double v = floor + offset + 0.04 + 1.5 * Math.exp(-step / speed);
                        s.append(record(condition, seed, label, "full", step, v, condition.equals("small+aux")));
                    }
                }
            }
        }
        s.append("{\"step\": 5, \"label\": \"cut off by a ki");
        return s.append('\n').toString();
    }

    private static String record(String condition, long seed, String label, String split, long step, double loss,
                                 boolean aux) {
        return String.format(Locale.ROOT, "{\"step\":%d,\"condition\":\"%s\",\"seed\":%d,\"label\":\"%s\",\"split\":\"%s\","
                        + "\"loss\":%s,\"value_loss\":%s,\"policy_loss\":%s%s}%n", step, condition, seed, label, split,
                loss, 0.6 * loss, 1.5 * loss, aux ? ",\"aux_loss\":" + 0.05 * loss : "");
    }

    private String probes(Random random) {
        // The header graft's probe stage writes (ProbeLog): the contract's six columns, then more.
        StringBuilder s = new StringBuilder("condition,seed,step,layer,probe,r2,alpha,n_train,n_heldout,set\n");
        List<String> rows = new ArrayList<>();
        for (String condition : CONDITIONS) {
            for (long seed : seeds) {
                double[] offsets = new double[layersOf(condition)];
                for (int l = 0; l < offsets.length; l++) {
                    offsets[l] = seedOffset * random.nextGaussian();
                }
                for (int l = 0; l < offsets.length; l++) {
                    rows.add(row(condition, seed, 0, l, "ridge@init", 0.01 + 0.01 * random.nextGaussian(), "periodic"));
                }
                for (long step = every; step <= lastStep; step += every) {
                    for (int l = 0; l < offsets.length; l++) {
                        double r2 = trueR2(condition, l, step) + offsets[l] + noise * random.nextGaussian();
                        rows.add(row(condition, seed, step, l, "ridge", r2, "periodic"));
                        rows.add(row(condition, seed, step, l, "ridge/shuffled", 0.002 * random.nextGaussian(), "periodic"));
                    }
                }
                for (int l = 0; l < offsets.length; l++) {
                    double r2 = trueR2(condition, l, lastStep) + offsets[l] + 0.5 * noise * random.nextGaussian();
                    rows.add(row(condition, seed, lastStep, l, "ridge", r2, "final"));
                    rows.add(row(condition, seed, lastStep, l, "ridge/shuffled", 0.002 * random.nextGaussian(), "final"));
                }
            }
        }
        rows.forEach(s::append);
        return s.toString();
    }

    private static String row(String condition, long seed, long step, int layer, String probe, double r2, String set) {
        int positions = set.equals("final") ? 2000 : 1000;
        return condition + "," + seed + "," + step + "," + layer + "," + probe + "," + r2 + ",1.0," + (positions * 4 / 5)
                + "," + (positions / 5) + "," + set + "\n";
    }

    /** A float32 [1, 4] .npy file (only its name matters to the report). */
    private static void writeNpy(Path file) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length()).put(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 4; i++) {
            b.putFloat(0.5f * i);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(b.array());
        }
    }
}

package dev.graft.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run was made: versions, code commit, host, seeds and every stage's key with its recipe and
 * inputs, enough to rebuild it. Written as {@code provenance.json}.
 */
public record Provenance(String graftVersion, String gitCommit, String javaVersion, String nd4jVersion,
                         String host, String os, String cpu, int cores, String created, String specHash,
                         List<Long> seeds, List<Map<String, Object>> stages) {

    public Provenance {
        seeds = List.copyOf(seeds);
        stages = List.copyOf(stages);
    }

    /** The same provenance listing {@code stageList} (see {@link StageGraph#describe()}). */
    public Provenance withStages(List<Map<String, Object>> stageList) {
        return new Provenance(graftVersion, gitCommit, javaVersion, nd4jVersion, host, os, cpu, cores, created,
                specHash, seeds, stageList);
    }

    /** The provenance of a run made now on this machine. */
    public static Provenance now(String graftVersion, String specHash, List<Long> seeds) {
        String commit = System.getenv("GRAFT_GIT_COMMIT");
        return new Provenance(graftVersion, commit == null || commit.isBlank() ? "unknown" : commit,
                System.getProperty("java.version"), nd4jVersionOfClasspath(), hostName(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(), Runtime.getRuntime().availableProcessors(), Instant.now().toString(), specHash,
                List.copyOf(seeds), List.of());
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("graft_version", graftVersion);
        m.put("git_commit", gitCommit);
        m.put("java_version", javaVersion);
        m.put("nd4j_version", nd4jVersion);
        m.put("host", host);
        m.put("os", os);
        m.put("cpu", cpu);
        m.put("cores", cores);
        m.put("created", created);
        m.put("spec_hash", specHash);
        m.put("seeds", seeds);
        m.put("stages", stages);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nd4jVersionOfClasspath() {
        Package p = org.nd4j.linalg.factory.Nd4j.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "1.0.0-M2.1" : v;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}

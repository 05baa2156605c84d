package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code graft run} killed with SIGKILL at a random moment (inside a random stage, a random time after
 * it started) and run again with the same command ends with the results of a run that was never
 * interrupted: the same checkpoints bit for bit, the same graft checks, the same metrics.
 */
class KillAndResumeTest {
    private static final String SPEC = "name: killed\n" + ExperimentRunTest.TINY.replace("steps: 6", "steps: 8")
            + "experiment: {seeds: [1]}\n";

    @TempDir
    Path tmp;

    private static int graft(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(0, code, err.toString());
        return code;
    }

    @Test
    void a_run_killed_at_a_random_moment_and_rerun_matches_an_uninterrupted_run() throws Exception {
        Path spec = Files.writeString(tmp.resolve("killed.yaml"), SPEC);
        Path reference = tmp.resolve("reference");
        graft("run", spec.toString(), "--out", reference.toString(), "--cache", tmp.resolve("cache-ref").toString(),
                "--no-progress");

        long seed = System.nanoTime();
        Random random = new Random(seed);
        int stages = 9; // data; 2 small; the initialisation; baseline; 2 × (graft, large)
        int killIn = 1 + random.nextInt(stages - 2);
        int delayMs = random.nextInt(250);
        String why = "killed " + delayMs + " ms into stage " + killIn + " of " + stages + " (random seed " + seed + ")";

        Path out = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2G",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", spec.toString(), "--out", out.toString(), "--cache", cache.toString(), "--no-progress")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        boolean killed = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (line.contains("[" + killIn + "/" + stages + "]")) {
                    Thread.sleep(delayMs);
                    child.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), why);
        assertTrue(killed, why + ": the stage never started; output:\n" + String.join("\n", lines));
        assertTrue(child.exitValue() != 0, why + ": the child finished before the kill");

        graft("run", spec.toString(), "--out", out.toString(), "--cache", cache.toString(), "--no-progress");
        RunComparison.assertSameResults(reference, out);
    }
}

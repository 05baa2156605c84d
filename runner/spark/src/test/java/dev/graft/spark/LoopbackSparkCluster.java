package dev.graft.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on this machine, loopback only: one master and one or more workers, each a
 * child JVM on this test's class path (so the worker's executors load graft from the same paths, as on
 * a cluster with graft on a shared file system). {@link #close()} stops both and everything they
 * started, even after a failed test.
 */
final class LoopbackSparkCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private Thread hook;

    private LoopbackSparkCluster(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts the master and a worker with {@code cores} cores and waits until the worker is registered. */
    static LoopbackSparkCluster start(Path dir, int cores) throws IOException, InterruptedException {
        return start(dir, 1, cores);
    }

    /**
     * Starts the master and {@code count} workers of {@code cores} cores each (logs {@code worker},
     * {@code worker-2}, …) and waits until every worker is registered.
     */
    static LoopbackSparkCluster start(Path dir, int count, int cores) throws IOException, InterruptedException {
        LoopbackSparkCluster cluster = new LoopbackSparkCluster(dir, GraftRuns.freePort());
        // A backstop: should the test JVM end without the test's own close(), the cluster goes with it.
        Thread hook = new Thread(cluster::close, "stop loopback spark cluster");
        Runtime.getRuntime().addShutdownHook(hook);
        cluster.hook = hook;
        try {
            // A Spark home with an empty jars/ folder: executors get everything from the class path below.
            Files.createDirectories(dir.resolve("spark-home/jars"));
            cluster.processes.add(cluster.launch("master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", "" + cluster.port, "--webui-port", "0"));
            cluster.waitForPort();
            for (int k = 1; k <= count; k++) {
                String name = k == 1 ? "worker" : "worker-" + k;
                Process worker = cluster.launch(name, "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--webui-port", "0", "--cores", "" + cores, "--memory", "2g",
                        "--work-dir", dir.resolve(k == 1 ? "work" : "work-" + k).toString(), cluster.url());
                cluster.workers.add(worker);
                cluster.processes.add(worker);
            }
            for (int k = 1; k <= count; k++) {
                cluster.waitForLog(k == 1 ? "worker" : "worker-" + k, "Successfully registered with master");
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The workers' executor JVMs running now: the workers' only child processes. */
    List<ProcessHandle> executors() {
        return workers.stream().flatMap(Process::descendants).toList();
    }

    /** The executor JVMs of worker {@code k} (1-based) running now. */
    List<ProcessHandle> executorsOf(int k) {
        return workers.get(k - 1).descendants().toList();
    }

    /**
     * Kills worker {@code k} (1-based) and its executors at once (SIGKILL), as when a machine of the cluster
     * goes away; the master and the other workers keep running.
     */
    void killWorker(int k) throws InterruptedException {
        Process worker = workers.get(k - 1);
        List<ProcessHandle> gone = new ArrayList<>(worker.descendants().toList());
        gone.add(worker.toHandle());
        gone.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : gone) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("worker " + k + " did not exit: " + e.getMessage(), e);
            }
        }
    }

    /** What a process of the cluster logged. */
    String log(String name) throws IOException {
        Path file = dir.resolve(name + ".log");
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(List.of(System.getProperty("graft.test.spark.opens", "").trim().split("\\s+")));
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command.stream().filter(s -> !s.isEmpty()).toList());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    private void waitForPort() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                checkAlive();
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on " + port + ":\n" + log("master"));
    }

    private void waitForLog(String name, String line) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (log(name).contains(line)) {
                return;
            }
            checkAlive();
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Spark " + name + " did not log '" + line + "':\n" + log(name));
    }

    private void checkAlive() throws IOException {
        for (Process p : processes) {
            if (!p.isAlive()) {
                throw new IllegalStateException("a Spark process exited (" + p.exitValue() + "):\nmaster:\n" + log("master")
                        + "\nworker:\n" + log("worker"));
            }
        }
    }

    /** Stops the worker (and its executors), then the master; kills whatever does not stop in 15 s. */
    @Override
    public void close() {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            all.addAll(p.descendants().toList());
            all.add(p.toHandle());
        }
        for (ProcessHandle h : all) {
            h.destroy();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) {
            Optional.of(h).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}

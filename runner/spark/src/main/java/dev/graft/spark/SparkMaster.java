package dev.graft.spark;

import dev.graft.io.UserInputException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --master} URL, checked before Spark is started: its form (a user mistake, exit 2) and, for a
 * standalone master, that something answers on its port within seconds (else the run fails at once,
 * exit 1, instead of Spark's minute of registration retries).
 */
record SparkMaster(String url) {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
    private static final Pattern HOST_PORT = Pattern.compile("([^:/,\\s]+|\\[[0-9a-fA-F:]+]):([0-9]{1,5})");
    static final int CONNECT_TIMEOUT_MS = 3000;

    /** The master to use: the given one, else spark-submit's ({@code spark.master}), else {@code local[*]}. */
    static SparkMaster choose(String given) {
        String url = given != null ? given.trim() : System.getProperty("spark.master", "local[*]");
        if (LOCAL.matcher(url).matches() || url.equals("yarn") || url.startsWith("k8s://") && url.length() > 6) {
            return new SparkMaster(url);
        }
        if (url.startsWith("spark://")) {
            hostPorts(url);
            return new SparkMaster(url);
        }
        throw new UserInputException("--master " + url + ": not a Spark master URL; give local[N] (N worker threads here),"
                + " spark://HOST:PORT (a standalone cluster, port usually 7077), yarn or k8s://https://HOST:PORT.");
    }

    boolean local() {
        return url.startsWith("local");
    }

    /**
     * For {@code spark://}: opens (and closes) a TCP connection to each listed master.
     *
     * @throws IllegalStateException naming the master and why it cannot be reached
     */
    void checkReachable() {
        if (!url.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress address : hostPorts(url)) {
            try (Socket socket = new Socket()) {
                socket.connect(address, CONNECT_TIMEOUT_MS);
                return; // one live master is enough
            } catch (IOException e) {
                failures.add(address.getHostString() + ":" + address.getPort() + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        throw new IllegalStateException("cannot reach the Spark master " + url + ": " + String.join(", ", failures)
                + ". Check the URL (the master's log prints it: 'Starting Spark master at spark://...') and that the"
                + " master runs; nothing was run or written.");
    }

    private static List<InetSocketAddress> hostPorts(String url) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : url.substring("spark://".length()).split(",")) {
            Matcher m = HOST_PORT.matcher(part);
            int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
            if (port < 1 || port > 65535) {
                throw new UserInputException("--master " + url + ": '" + part + "' is not HOST:PORT;"
                        + " give spark://HOST:PORT, e.g. spark://127.0.0.1:7077.");
            }
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            out.add(new InetSocketAddress(host, port));
        }
        return out;
    }
}

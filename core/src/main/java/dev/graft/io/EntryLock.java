package dev.graft.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * An exclusive lock on a lock file, held with an operating-system file lock ({@link FileChannel#lock}):
 * the system releases it when the holding process dies, so a killed process never leaves it stuck (the
 * file itself may stay; only the OS lock counts). Threads of one process are serialised by a (non-reentrant) permit per
 * file as well, since the OS lock is per process. While held, the file says who holds it:
 * {@code pid <pid> on <host> since <ISO time>}.
 */
public final class EntryLock implements AutoCloseable {
    /** How often a waiting builder asks for the lock again. */
    private static final long POLL_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(EntryLock.class);
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore threads;
    private final FileChannel channel;
    private final FileLock lock;

    private EntryLock(Semaphore threads, FileChannel channel, FileLock lock) {
        this.threads = threads;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting for its holder if there is one; says once that it waits
     * ("waiting for another process building {@code what} (pid … on … since …)").
     */
    public static EntryLock acquire(Path file, String what) throws IOException {
        Optional<EntryLock> now = tryAcquire(file);
        if (now.isPresent()) {
            return now.get();
        }
        LOG.info("waiting for another process building {} ({}; lock {})", what, holder(file).orElse("holder unknown"), file);
        Path abs = key(file);
        Semaphore threads = IN_PROCESS.computeIfAbsent(abs, k -> new Semaphore(1));
        threads.acquireUninterruptibly();
        try {
            FileChannel channel = open(abs);
            try {
                // Polled, not a blocking lock(): the kernel tracks record locks per process, so two processes
                // whose stages each hold one entry and wait for the other's would get EDEADLK ("Resource
                // deadlock avoided") from a blocking lock, although each holder's other thread will let go.
                FileLock lock;
                while ((lock = channel.tryLock()) == null) {
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while waiting for " + file);
                    }
                }
                return stamped(threads, channel, lock);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            threads.release();
            throw e;
        }
    }

    /** Takes the lock if it is free now; empty when another process or thread holds it. */
    public static Optional<EntryLock> tryAcquire(Path file) throws IOException {
        Path abs = key(file);
        Semaphore threads = IN_PROCESS.computeIfAbsent(abs, k -> new Semaphore(1));
        if (!threads.tryAcquire()) {
            return Optional.empty();
        }
        try {
            FileChannel channel = open(abs);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                threads.release();
                return Optional.empty();
            }
            return Optional.of(stamped(threads, channel, lock));
        } catch (IOException | RuntimeException e) {
            threads.release();
            throw e;
        }
    }

    /** Who holds (or last held) the lock, as its file says: {@code pid 123 on host since 2026-…}. */
    public static Optional<String> holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** This process as a lock file names it. */
    public static String me() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
    }

    private static EntryLock stamped(Semaphore threads, FileChannel channel, FileLock lock) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new EntryLock(threads, channel, lock);
    }

    private static FileChannel open(Path abs) throws IOException {
        Files.createDirectories(abs.getParent());
        return FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            threads.release();
        }
    }
}

package dev.graft.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryLockTest {
    @TempDir
    Path tmp;

    /** A child JVM that takes the lock, says "held" and sleeps until killed. */
    static Process holder(Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.equals("held")) {
            // JVM noise
        }
        assertEquals("held", line, "the holder took the lock");
        return p;
    }

    @Test
    void a_live_holder_in_another_process_keeps_the_lock_and_a_dead_one_does_not() throws Exception {
        Path file = tmp.resolve(".lock-x");
        Process p = holder(file);
        try {
            assertTrue(EntryLock.tryAcquire(file).isEmpty(), "held by the live child");
            assertTrue(EntryLock.holder(file).orElseThrow().startsWith("pid " + p.pid() + " on "),
                    EntryLock.holder(file).toString());
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        // SIGKILL: no cleanup ran, the file is still there, but the system released the lock
        assertTrue(file.toFile().exists());
        Optional<EntryLock> mine = EntryLock.tryAcquire(file);
        assertTrue(mine.isPresent(), "a dead holder leaves nothing stuck");
        mine.get().close();
    }

    @Test
    void a_second_thread_waits_for_the_first_to_release() throws Exception {
        Path file = tmp.resolve(".lock-y");
        EntryLock first = EntryLock.acquire(file, "test/y");
        assertTrue(EntryLock.tryAcquire(file).isEmpty(), "threads of one process exclude each other");
        CompletableFuture<EntryLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return EntryLock.acquire(file, "test/y");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(second.isDone(), "still waiting while the first holds it");
        first.close();
        second.get(30, TimeUnit.SECONDS).close();
    }
}

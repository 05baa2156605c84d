package dev.graft.io;

import java.nio.file.Path;

/** Test helper run as a child process: holds the lock file given as its argument until killed. */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        EntryLock lock = EntryLock.acquire(Path.of(args[0]), "test");
        System.out.println("held");
        System.out.flush();
        Thread.sleep(600_000);
        lock.close();
    }
}

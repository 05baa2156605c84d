package dev.graft.runner;

import dev.graft.pipeline.RunLock;

import java.nio.file.Path;

/** Test helper run as a child process: holds the run-folder lock of its argument until killed. */
public final class RunLockHolderMain {
    private RunLockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        RunLock lock = RunLock.acquire(Path.of(args[0]));
        System.out.println("held");
        System.out.flush();
        Thread.sleep(600_000);
        lock.close();
    }
}

package dev.graft.runner;

import dev.graft.io.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code export} and {@code predict} write: the given --out, else a name beside the checkpoint. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** The checkpoint's file name without {@code .ckpt}, e.g. {@code step-000500}. */
    static String stem(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return name.endsWith(".ckpt") ? name.substring(0, name.length() - ".ckpt".length()) : name;
    }

    /**
     * {@code out}, or {@code defaultName} in the checkpoint's folder; refuses a folder and the
     * checkpoint itself (which must never be overwritten).
     */
    static Path target(Path out, Path checkpoint, String defaultName) {
        Path target = out != null ? out : checkpoint.toAbsolutePath().resolveSibling(defaultName);
        if (Files.isDirectory(target)) {
            throw new UserInputException("--out " + target + " is a folder; give a file name, e.g. "
                    + target.resolve(defaultName));
        }
        try {
            if (Files.exists(target) && Files.isSameFile(target, checkpoint)) {
                throw new UserInputException("--out " + target + " is the checkpoint itself; give another file name");
            }
        } catch (IOException e) {
            throw new UserInputException("--out " + target + " cannot be checked: " + e.getMessage(), e);
        }
        return target;
    }
}

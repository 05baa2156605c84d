package dev.graft.io;

/**
 * The user's input was wrong (a file, an option, a spec value). The message names where and what
 * would be right; the command line prints it without a stack trace and exits with code 2. The engine's
 * own kind of the SPI's {@link dev.graft.spi.PluginInputException}, which plugins throw.
 */
public class UserInputException extends dev.graft.spi.PluginInputException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

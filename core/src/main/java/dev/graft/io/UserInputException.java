package dev.graft.io;

/**
 * The user's input was wrong (a file, an option, a spec value). The message names where and what
 * would be right; the command line prints it without a stack trace and exits with code 2.
 */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

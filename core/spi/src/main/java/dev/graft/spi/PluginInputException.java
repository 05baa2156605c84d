package dev.graft.spi;

/**
 * The user's input to a plugin is wrong (a file an option names, a value only checkable once the run
 * starts). The message names the input and what would be right; the engine prints it without a stack
 * trace and exits with code 2, as for a bad spec. (Options that are wrong in themselves are refused
 * earlier, by {@link InvalidOptionsException} from {@link PluginFactory#create}.)
 */
public class PluginInputException extends RuntimeException {
    public PluginInputException(String message) {
        super(message);
    }

    public PluginInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

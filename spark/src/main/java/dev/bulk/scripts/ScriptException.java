package dev.bulk.scripts;

/**
 * A user script (or built-in name) that cannot be found, compiled or instantiated. The message is
 * meant for the user as is: the CLI prefixes the option it came from and prints it.
 */
public class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScriptException(String message) {
        super(message);
    }

    public ScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}

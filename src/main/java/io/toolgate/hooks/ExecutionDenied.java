package io.toolgate.hooks;

/**
 * Thrown by a hook to refuse a call. The caller gets a tool error with this message and code (default
 * {@code forbidden}) and details {@code {"tool","domain"}}; nothing else of the hook's state is shown.
 */
public class ExecutionDenied extends RuntimeException {

    public static final String DEFAULT_CODE = "forbidden";
    private final String code;

    public ExecutionDenied(String message) {
        this(message, DEFAULT_CODE);
    }

    public ExecutionDenied(String message, String code) {
        super(message);
        this.code = code == null || code.isBlank() ? DEFAULT_CODE : code;
    }

    public String code() {
        return code;
    }
}

package io.toolgate.error;

/**
 * An invalid configuration value; the message is one line that names the environment variable. It stops startup and
 * is never reported to an MCP caller, so it carries no error code and is not a {@link GatewayException}.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        // a configuration error is the operator's to fix: its message says what to change, a stack trace adds nothing
        super(message, null, false, false);
    }
}

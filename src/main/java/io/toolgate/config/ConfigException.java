package io.toolgate.config;

/** An invalid configuration value; the message is one line that names the environment variable. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

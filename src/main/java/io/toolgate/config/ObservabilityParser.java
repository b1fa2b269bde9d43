package io.toolgate.config;

import io.toolgate.error.ConfigException;

import java.util.Locale;

/** Reads {@link ObservabilitySettings} from {@code GATEWAY_LOG_FORMAT}, {@code GATEWAY_ACCESS_LOG} and {@code GATEWAY_OPERATOR_TOKEN}. */
final class ObservabilityParser {

    private ObservabilityParser() {
    }

    static ObservabilitySettings parse(ConfigReader r) {
        String format = r.string("gateway.log-format", Defaults.LOG_FORMAT).trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("Invalid " + ConfigReader.envName("gateway.log-format") + ": '" + format
                    + "' (expected text or json)");
        }
        return new ObservabilitySettings(format, r.bool("gateway.access-log", true), r.raw("gateway.operator-token"));
    }
}

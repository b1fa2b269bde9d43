package io.toolgate.config;

import io.toolgate.auth.JwtSettings;
import io.toolgate.error.ConfigException;
import io.toolgate.registration.RegistrationSettings;
import io.toolgate.store.Database;

import java.util.function.Function;

/**
 * Typed, validated configuration, one immutable record per section. Reading it has no side effects: the files it names
 * (access policy, PEM public keys, route globs) are read, but no database is opened, no hook class loaded, no key
 * fetched and nothing started; the gateway's wiring does that from these values. An invalid value raises
 * {@link ConfigException} naming its environment variable.
 *
 * @param server       how the gateway presents itself and guards {@code /mcp}
 * @param upstreams    the configured upstreams and how the gateway talks to them
 * @param tools        how tools are named, checked, shown and found
 * @param hooks        the hooks and route files to install
 * @param jwt          inbound JWT authentication on {@code /mcp}, or null when off
 * @param registration the registration API's settings, or null when it is off
 * @param database     where registrations and search data live, or null when nothing needs a database
 * @param codeMode     whether and how {@code execute_code} runs code
 * @param observability logs, access log and the operator endpoints' token
 */
public record GatewayConfig(
        ServerSettings server,
        UpstreamSettings upstreams,
        ToolSettings tools,
        HookSettings hooks,
        JwtSettings jwt,
        RegistrationSettings registration,
        Database database,
        CodeModeSettings codeMode,
        ObservabilitySettings observability) {

    /**
     * Reads the configuration from a lookup of {@code gateway.*} keys ({@link ConfigReader#lookup} is the one the
     * gateway uses). Unset and blank values mean the default ({@link Defaults}).
     */
    public static GatewayConfig load(Function<String, String> lookup) {
        ConfigReader r = new ConfigReader(lookup);
        UpstreamSettings upstreams = UpstreamParser.parse(r);
        ToolSettings tools = ToolParser.parse(r, upstreams);
        RegistrationSettings registration = RegistrationParser.parse(r);
        Database database = DatabaseParser.parse(r, registration != null);
        return new GatewayConfig(ServerParser.parse(r), upstreams, tools, HookParser.parse(r), JwtParser.parse(r),
                registration, database, CodeModeParser.parse(r), ObservabilityParser.parse(r));
    }
}

package io.toolgate.config;

import io.toolgate.error.ConfigException;
import io.toolgate.upstream.UpstreamSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.toolgate.json.Json;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.JwtSettings;
import io.toolgate.auth.Keys;
import io.toolgate.hooks.GatewayHook;
import io.toolgate.hooks.HookLoader;
import io.toolgate.hooks.OutputGuardHook;
import io.toolgate.mcp.Exposure;
import io.toolgate.registration.RegistrationSettings;
import io.toolgate.registration.RegistrationStore;
import io.toolgate.registry.AccessPolicy;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.SchemaNormalizer;
import io.toolgate.registry.SchemaPinning;
import io.toolgate.registry.ToolNaming;
import io.toolgate.search.SearchMode;
import io.toolgate.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Typed, validated configuration. Every key lives under {@code gateway.*}; each has the seed-compatible environment
 * variable obtained by upper-casing and replacing {@code .} and {@code -} with {@code _} ({@code gateway.refresh-interval}
 * ↔ {@code GATEWAY_REFRESH_INTERVAL}). An invalid value raises {@link ConfigException} naming that variable.
 */
public record GatewayConfig(
        String name,
        String host,
        int port,
        List<UpstreamSpec> upstreams,
        Map<String, String> domainDescriptions,
        String instructions,
        String registryAuthToken,
        long refreshIntervalMillis,
        long upstreamTimeoutMillis,
        int maxSchemaDepth,
        SchemaPinning schemaPinning,
        ToolNaming toolNaming,
        boolean resultEnvelope,
        List<String> allowedOrigins,
        long maxBodyBytes,
        long maxResponseBytes,
        boolean examplesFetchPrivate,
        AccessPolicy accessPolicy,
        List<GatewayHook> hooks,
        List<Path> routeFiles,
        JwtSettings jwt,
        List<String> forwardHeaders,
        RegistrationSettings registration,
        OutputGuardHook.Mode outputGuard,
        Exposure exposure,
        int directMaxTools,
        List<String> allowedHosts,
        SearchMode search,
        Database database) {

    public static final String EXAMPLES_DOMAIN = "examples";
    public static final String EXAMPLES_ENDPOINT = "direct:examples";
    private static final Set<String> UPSTREAM_KEYS = Set.of("url", "endpoint", "headers", "forward_headers",
            "allowed_tools", "denied_tools");
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfig.class);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * Reads the configuration from a lookup of {@code gateway.*} keys (environment variables take precedence in the
     * lookups the gateway uses). Unset and blank values mean the default.
     */
    public static GatewayConfig load(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        List<String> globalForward = r.list("gateway.forward-headers");
        Map<String, Map<String, String>> staticHeaders = r.headerMap("gateway.upstream-headers");
        Map<String, List<String>> inlineAllow = new LinkedHashMap<>();
        Map<String, List<String>> inlineDeny = new LinkedHashMap<>();
        List<UpstreamSpec> upstreams = r.upstreams("gateway.upstreams", staticHeaders, globalForward, inlineAllow, inlineDeny);
        AccessPolicy policy = r.accessPolicy("gateway.access-policy");
        if (policy == null) {
            policy = AccessPolicy.of(inlineAllow, inlineDeny, false);
        } else if (!inlineAllow.isEmpty() || !inlineDeny.isEmpty()) {
            LOG.warn("GATEWAY_ACCESS_POLICY is set: the allowed_tools/denied_tools lists in GATEWAY_UPSTREAMS are ignored");
        }
        boolean examples = r.bool("gateway.examples", upstreams.isEmpty());
        if (examples) {
            if (upstreams.stream().anyMatch(u -> u.domain().equals(EXAMPLES_DOMAIN))) {
                throw new ConfigException("Invalid GATEWAY_UPSTREAMS: domain '" + EXAMPLES_DOMAIN
                        + "' is reserved while GATEWAY_EXAMPLES is on");
            }
            List<UpstreamSpec> all = new ArrayList<>(upstreams);
            all.add(UpstreamSpec.configured(EXAMPLES_DOMAIN, null, EXAMPLES_ENDPOINT, Map.of(), List.of()));
            upstreams = List.copyOf(all);
        }
        ToolNaming naming = r.choice("gateway.tool-naming", "prefixed", ToolNaming::parse);
        if (naming == ToolNaming.BARE && upstreams.size() != 1) {
            throw new ConfigException("Invalid GATEWAY_TOOL_NAMING: bare needs exactly one upstream, " + upstreams.size()
                    + " configured" + (examples ? " (the examples domain counts; set GATEWAY_EXAMPLES=false)" : ""));
        }
        for (String domain : staticHeaders.keySet()) {
            if (upstreams.stream().noneMatch(u -> u.domain().equals(domain))) {
                throw new ConfigException("Invalid GATEWAY_UPSTREAM_HEADERS: unknown domain '" + domain + "'");
            }
        }
        Database database = r.database();
        RegistrationSettings registration = r.registration(database);
        boolean databaseUsed = registration != null || r.raw("gateway.database-url") != null;
        return new GatewayConfig(
                r.string("gateway.name", "toolgate"),
                r.string("gateway.host", "0.0.0.0"),
                r.port("gateway.port", 8080),
                upstreams,
                r.stringMap("gateway.domain-descriptions"),
                r.string("gateway.instructions", null),
                r.string("gateway.registry-auth-token", null),
                r.seconds("gateway.refresh-interval", 0),
                r.seconds("gateway.upstream-timeout", 30_000),
                r.intRange("gateway.max-schema-depth", SchemaNormalizer.DEFAULT_MAX_DEPTH, 1, 64),
                r.choice("gateway.schema-pinning", "warn", SchemaPinning::parse),
                naming,
                r.bool("gateway.result-envelope", false),
                r.list("gateway.allowed-origins"),
                r.longMin("gateway.max-body-bytes", 4L * 1024 * 1024, 1024),
                r.longMin("gateway.max-response-bytes", 16L * 1024 * 1024, 1024),
                r.bool("gateway.examples-fetch-private", false),
                policy,
                HookLoader.load(r.list("gateway.hook-classes"), r.list("gateway.allowed-hook-prefixes"),
                        Thread.currentThread().getContextClassLoader()),
                RouteFiles.resolve(r.list("gateway.routes")),
                r.jwt(),
                globalForward,
                registration,
                r.choice("gateway.output-guard", "off", v -> v.equalsIgnoreCase("off") ? null : OutputGuardHook.Mode.parse(v)),
                r.choice("gateway.exposure", "meta", Exposure::parse),
                r.intRange("gateway.direct-max-tools", 40, 1, 10_000),
                allowedHosts(r.list("gateway.allowed-hosts"), r.string("gateway.host", "0.0.0.0")),
                r.choice("gateway.search", "hybrid", SearchMode::parse),
                databaseUsed ? database : null);
    }

    /**
     * The {@code Host} values {@code /mcp} accepts besides loopback names; empty accepts any. Unset, a gateway bound to a
     * loopback address accepts loopback names only (DNS-rebinding protection) and any other gateway accepts any host.
     */
    private static List<String> allowedHosts(List<String> configured, String bindHost) {
        if (configured.contains("*")) {
            return List.of();
        }
        if (!configured.isEmpty()) {
            return configured.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        }
        boolean loopback = bindHost.equals("localhost") || bindHost.startsWith("127.") || bindHost.equals("::1")
                || bindHost.equals("[::1]");
        return loopback ? List.of("localhost") : List.of();
    }

    /**
     * The lookup both entry points use: the environment variable first, then a Java system property, then the given
     * properties (application.properties and whatever Camel Main was given). Values are taken raw: a JSON value such as
     * {@code {"crm":{"url":…}}} must not go through Camel's {@code {{…}}} placeholder parsing.
     */
    public static Function<String, String> lookup(Properties properties) {
        return key -> {
            String env = System.getenv(envName(key));
            return env != null ? env : System.getProperty(key, properties.getProperty(key));
        };
    }

    /** The environment variable a {@code gateway.*} key maps to. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final class Reader {
        private final Function<String, String> lookup;

        Reader(Function<String, String> lookup) {
            this.lookup = lookup;
        }

        String raw(String key) {
            String v = lookup.apply(key);
            return v == null || v.isBlank() ? null : v.trim();
        }

        String string(String key, String def) {
            String v = raw(key);
            return v == null ? def : v;
        }

        int port(String key, int def) {
            String v = raw(key);
            if (v == null) {
                return def;
            }
            try {
                int p = Integer.parseInt(v);
                if (p < 0 || p > 65535) {
                    throw new ConfigException("Invalid " + envName(key) + " value: " + v + " (must be between 0 and 65535)");
                }
                return p;
            } catch (NumberFormatException e) {
                throw new ConfigException("Invalid " + envName(key) + " value: " + v + " (must be an integer)");
            }
        }

        int intRange(String key, int def, int min, int max) {
            String v = raw(key);
            if (v == null) {
                return def;
            }
            try {
                int i = Integer.parseInt(v);
                if (i >= min && i <= max) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be an integer between " + min + " and " + max + ")");
        }

        long longMin(String key, long def, long min) {
            String v = raw(key);
            if (v == null) {
                return def;
            }
            try {
                long l = Long.parseLong(v);
                if (l >= min) {
                    return l;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be an integer >= " + min + ")");
        }

        /** A positive, finite number of seconds, returned in milliseconds. */
        long seconds(String key, long defMillis) {
            String v = raw(key);
            if (v == null) {
                return defMillis;
            }
            double d;
            try {
                d = v.matches("(?i)[+-]?(nan|inf|infinity)") ? Double.NaN : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be a number)");
            }
            if (!(d > 0) || Double.isInfinite(d) || d * 1000 < 1) {
                throw new ConfigException("Invalid " + envName(key) + ": " + v + " (must be a positive, finite number)");
            }
            return Math.round(d * 1000);
        }

        boolean bool(String key, boolean def) {
            String v = raw(key);
            if (v == null) {
                return def;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new ConfigException("Invalid " + envName(key) + ": '" + v
                        + "' (expected one of: 0, 1, false, no, off, on, true, yes)");
            };
        }

        <T> T choice(String key, String def, Function<String, T> parse) {
            String v = string(key, def);
            try {
                return parse.apply(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid " + envName(key) + ": '" + v + "'");
            }
        }

        List<String> list(String key) {
            String v = raw(key);
            List<String> out = new ArrayList<>();
            if (v != null) {
                for (String s : v.split(",")) {
                    if (!s.isBlank()) {
                        out.add(s.trim());
                    }
                }
            }
            return List.copyOf(out);
        }

        JsonNode object(String key) {
            String v = raw(key);
            if (v == null) {
                return null;
            }
            JsonNode node;
            try {
                node = Json.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid JSON in " + envName(key) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (!node.isObject()) {
                throw new ConfigException(envName(key) + " must be a JSON object, got " + kind(node));
            }
            return node;
        }

        Map<String, String> stringMap(String key) {
            JsonNode node = object(key);
            Map<String, String> out = new TreeMap<>();
            if (node != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw new ConfigException("Invalid " + envName(key) + ": value for '" + e.getKey() + "' must be a string");
                    }
                    out.put(e.getKey(), e.getValue().textValue());
                }
            }
            return out;
        }

        Map<String, Map<String, String>> headerMap(String key) {
            JsonNode node = object(key);
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            if (node != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), headers(key, e.getKey(), e.getValue()));
                }
            }
            return out;
        }

        private Map<String, String> headers(String key, String domain, JsonNode node) {
            if (!node.isObject()) {
                throw new ConfigException("Invalid " + envName(key) + ": headers for '" + domain + "' must be a JSON object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                if (!HEADER_NAME.matcher(h.getKey()).matches() || !h.getValue().isTextual()
                        || h.getValue().textValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new ConfigException("Invalid " + envName(key) + ": header '" + h.getKey() + "' for '" + domain
                            + "' needs a valid name and a single-line string value");
                }
                out.put(h.getKey(), h.getValue().textValue());
            }
            return out;
        }

        /**
         * The upstreams of {@code key}; per-upstream {@code allowed_tools} / {@code denied_tools} lists are collected
         * into {@code allow} and {@code deny}.
         */
        List<UpstreamSpec> upstreams(String key, Map<String, Map<String, String>> staticHeaders, List<String> globalForward,
                                     Map<String, List<String>> allow, Map<String, List<String>> deny) {
            JsonNode node = object(key);
            List<UpstreamSpec> out = new ArrayList<>();
            if (node == null) {
                return out;
            }
            String env = envName(key);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String domain = e.getKey();
                if (!DomainState.isValidName(domain)) {
                    throw new ConfigException("Invalid " + env + ": domain '" + domain + "' must be " + DomainState.NAME_RULE);
                }
                JsonNode v = e.getValue();
                String url = null;
                String endpoint = null;
                Map<String, String> headers = new LinkedHashMap<>();
                List<String> forward = globalForward;
                if (v.isTextual()) {
                    url = v.textValue();
                } else if (v.isObject()) {
                    for (Iterator<String> keys = v.fieldNames(); keys.hasNext(); ) {
                        String k = keys.next();
                        if (!UPSTREAM_KEYS.contains(k)) {
                            throw new ConfigException("Invalid " + env + ": upstream '" + domain + "' has unsupported key '" + k
                                    + "' (supported: allowed_tools, denied_tools, endpoint, forward_headers, headers, url)");
                        }
                    }
                    url = v.path("url").isTextual() ? v.path("url").textValue() : null;
                    endpoint = v.path("endpoint").isTextual() ? v.path("endpoint").textValue() : null;
                    if ((url == null) == (endpoint == null)) {
                        throw new ConfigException("Upstream '" + domain + "' object must contain a non-empty 'url' key or an 'endpoint' key, not both ("
                                + env + ")");
                    }
                    if (v.has("headers")) {
                        headers.putAll(headers(key, domain, v.get("headers")));
                    }
                    if (v.has("forward_headers")) {
                        forward = stringList(env, domain, "forward_headers", v.get("forward_headers"));
                    }
                    if (v.has("allowed_tools")) {
                        allow.put(domain, globs(v.get("allowed_tools"), () -> "Invalid " + env + ": 'allowed_tools' of '"
                                + domain + "' must be a list of strings"));
                    }
                    if (v.has("denied_tools")) {
                        deny.put(domain, globs(v.get("denied_tools"), () -> "Invalid " + env + ": 'denied_tools' of '"
                                + domain + "' must be a list of strings"));
                    }
                } else {
                    throw new ConfigException("Invalid " + env + ": value for '" + domain + "' must be a URL string or an object");
                }
                if (url != null) {
                    checkUrl(env, domain, url);
                    endpoint = UpstreamSpec.endpointFor(domain);
                }
                headers.putAll(staticHeaders.getOrDefault(domain, Map.of()));
                out.add(UpstreamSpec.configured(domain, url, endpoint, Map.copyOf(headers), forward));
            }
            return out;
        }

        /**
         * The explicit policy file named by {@code key} (YAML or JSON: {@code allow} and {@code deny}, each mapping
         * domains to glob lists), or null when unset.
         */
        /** Inbound JWT settings, or {@code null} when neither a JWKS URL nor a public key is configured. */
        JwtSettings jwt() {
            String jwks = raw("gateway.jwt-jwks-url");
            String pemFile = raw("gateway.jwt-public-key");
            String issuer = raw("gateway.jwt-issuer");
            if (jwks == null && pemFile == null) {
                for (String key : List.of("gateway.jwt-issuer", "gateway.jwt-audience", "gateway.jwt-required-scopes")) {
                    if (raw(key) != null) {
                        throw new ConfigException(envName(key) + " is set but neither GATEWAY_JWT_JWKS_URL nor "
                                + "GATEWAY_JWT_PUBLIC_KEY is: tokens could not be verified");
                    }
                }
                return null;
            }
            if (jwks != null && pemFile != null) {
                throw new ConfigException("Invalid GATEWAY_JWT_PUBLIC_KEY: set either it or GATEWAY_JWT_JWKS_URL, not both");
            }
            if (issuer == null) {
                throw new ConfigException("GATEWAY_JWT_ISSUER is required when GATEWAY_JWT_JWKS_URL or GATEWAY_JWT_PUBLIC_KEY is set");
            }
            URI jwksUrl = null;
            PublicKey key = null;
            if (jwks != null) {
                jwksUrl = httpUrl(jwks);
                if (jwksUrl == null) {
                    throw new ConfigException("Invalid GATEWAY_JWT_JWKS_URL: must be an http(s) URL with a host");
                }
            } else {
                try {
                    key = Keys.fromPem(Files.readString(Path.of(pemFile)));
                } catch (IOException e) {
                    throw new ConfigException("Invalid GATEWAY_JWT_PUBLIC_KEY: cannot read " + pemFile);
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new ConfigException("Invalid GATEWAY_JWT_PUBLIC_KEY: " + pemFile
                            + " holds no RSA or EC public key in PEM ('-----BEGIN PUBLIC KEY-----')");
                }
            }
            String resource = raw("gateway.jwt-resource-url");
            if (resource != null && httpUrl(resource) == null) {
                throw new ConfigException("Invalid GATEWAY_JWT_RESOURCE_URL: must be an http(s) URL with a host");
            }
            return new JwtSettings(issuer, raw("gateway.jwt-audience"), jwksUrl, key, list("gateway.jwt-required-scopes"),
                    longMin("gateway.jwt-leeway", 60, 0), resource, Set.of());
        }

        /**
         * Registration settings, or {@code null} when neither {@code GATEWAY_REGISTRATION_TOKEN} nor the JWT variables
         * are set (the routes are then not mounted).
         */
        RegistrationSettings registration(Database database) {
            String token = raw("gateway.registration-token");
            List<String> jwtKeys = List.of("gateway.registration-issuer", "gateway.registration-audience",
                    "gateway.registration-verify-key");
            List<String> missing = jwtKeys.stream().filter(k -> raw(k) == null).map(GatewayConfig::envName).toList();
            boolean anyJwt = missing.size() < jwtKeys.size();
            if (token != null && anyJwt) {
                throw new ConfigException("GATEWAY_REGISTRATION_TOKEN and GATEWAY_REGISTRATION_ISSUER/_AUDIENCE/_VERIFY_KEY "
                        + "are mutually exclusive. Unset one.");
            }
            if (anyJwt && !missing.isEmpty()) {
                List<String> set = jwtKeys.stream().filter(k -> raw(k) != null).map(GatewayConfig::envName).toList();
                throw new ConfigException("Partial JWT registration config (" + String.join(", ", set) + " set): missing "
                        + String.join(", ", missing));
            }
            if (token == null && !anyJwt) {
                return null;
            }
            if (token != null && token.length() < 16) {
                LOG.warn("GATEWAY_REGISTRATION_TOKEN is shorter than 16 characters; use a long random token");
            }
            JwtSettings jwt = anyJwt ? registrationJwt() : null;
            Set<String> allowedHeaders = new TreeSet<>();
            list("gateway.registration-allowed-headers").forEach(h -> {
                if (!HEADER_NAME.matcher(h).matches()) {
                    throw new ConfigException("Invalid GATEWAY_REGISTRATION_ALLOWED_HEADERS: '" + h + "' is not a header name");
                }
                allowedHeaders.add(h.toLowerCase(Locale.ROOT));
            });
            return new RegistrationSettings(token, jwt, Set.copyOf(allowedHeaders),
                    bool("gateway.url-guard-allow-private-ranges", false),
                    seconds("gateway.url-guard-dns-timeout-seconds", 5_000), new RegistrationStore(database));
        }

        private JwtSettings registrationJwt() {
            String keyValue = raw("gateway.registration-verify-key");
            PublicKey key;
            try {
                String pem = keyValue.contains("-----BEGIN") ? keyValue : Files.readString(Path.of(keyValue));
                key = Keys.fromPem(pem);
            } catch (IOException | InvalidPathException e) {
                throw new ConfigException("Invalid GATEWAY_REGISTRATION_VERIFY_KEY: neither a PEM public key nor a readable file");
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new ConfigException("Invalid GATEWAY_REGISTRATION_VERIFY_KEY: no RSA or EC public key in PEM "
                        + "('-----BEGIN PUBLIC KEY-----')");
            }
            List<String> algorithms = raw("gateway.registration-algorithms") == null ? List.of("ES256")
                    : list("gateway.registration-algorithms");
            for (String alg : algorithms) {
                if (!JwtAuthenticator.SUPPORTED_ALGORITHMS.contains(alg)) {
                    throw new ConfigException("Invalid GATEWAY_REGISTRATION_ALGORITHMS: '" + alg + "' (supported: "
                            + String.join(", ", new TreeSet<>(JwtAuthenticator.SUPPORTED_ALGORITHMS)) + ")");
                }
            }
            if (algorithms.isEmpty()) {
                throw new ConfigException("Invalid GATEWAY_REGISTRATION_ALGORITHMS: no algorithm listed");
            }
            return new JwtSettings(raw("gateway.registration-issuer"), raw("gateway.registration-audience"), null, key,
                    List.of(), 10, null, Set.copyOf(algorithms));
        }

        /** {@code GATEWAY_DATABASE_URL} when set, else the embedded database under {@code GATEWAY_DATA_DIR}; not opened. */
        Database database() {
            String url = raw("gateway.database-url");
            if (url == null) {
                return Database.embedded(Path.of(string("gateway.data-dir", "data")));
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return Database.jdbc(url, "PostgreSQL " + scrubbedJdbc(url));
            }
            if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
                URI u;
                try {
                    u = new URI(url);
                } catch (URISyntaxException e) {
                    throw new ConfigException("Invalid GATEWAY_DATABASE_URL: not a valid URL");
                }
                if (u.getHost() == null) {
                    throw new ConfigException("Invalid GATEWAY_DATABASE_URL: no host");
                }
                StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(u.getRawAuthority().replaceFirst("^.*@", ""))
                        .append(u.getRawPath() == null ? "" : u.getRawPath());
                List<String> params = new ArrayList<>();
                if (u.getRawUserInfo() != null) {
                    String[] userInfo = u.getRawUserInfo().split(":", 2);
                    params.add("user=" + userInfo[0]);
                    if (userInfo.length == 2) {
                        params.add("password=" + userInfo[1]);
                    }
                }
                if (u.getRawQuery() != null) {
                    params.add(u.getRawQuery());
                }
                if (!params.isEmpty()) {
                    jdbc.append('?').append(String.join("&", params));
                }
                String description = "PostgreSQL " + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                        + (u.getRawPath() == null ? "" : u.getRawPath());
                return Database.jdbc(jdbc.toString(), description);
            }
            throw new ConfigException("Invalid GATEWAY_DATABASE_URL: expected postgresql://user:password@host:port/database "
                    + "or jdbc:postgresql://host:port/database?user=…&password=…");
        }

        private static String scrubbedJdbc(String url) {
            String noQuery = url.replaceFirst("\\?.*$", "");
            return noQuery.substring("jdbc:postgresql:".length()).replaceFirst("^//[^/@]*@", "//");
        }

        /** The value as an http(s) URL with a host, or {@code null}. */
        private static URI httpUrl(String value) {
            try {
                URI u = URI.create(value);
                return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null ? u : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        AccessPolicy accessPolicy(String key) {
            String path = raw(key);
            if (path == null) {
                return null;
            }
            String env = envName(key);
            JsonNode root;
            try {
                root = YAML.readTree(Path.of(path).toFile());
            } catch (IOException e) {
                throw new ConfigException("Invalid " + env + ": cannot read " + path + " as YAML or JSON ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (root == null || !root.isObject()) {
                throw new ConfigException("Invalid " + env + ": " + path + " must hold an object with 'allow' and/or 'deny'");
            }
            Map<String, Map<String, List<String>>> rules = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = e.getKey();
                if (!field.equals("allow") && !field.equals("deny")) {
                    throw new ConfigException("Invalid " + env + ": unsupported key '" + field + "' (supported: allow, deny)");
                }
                Supplier<String> problem = () -> "Invalid " + env + ": '" + field + "' must map domains to lists of strings";
                if (!e.getValue().isObject()) {
                    throw new ConfigException(problem.get());
                }
                Map<String, List<String>> byDomain = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(d -> byDomain.put(d.getKey(), globs(d.getValue(), problem)));
                rules.put(field, byDomain);
            }
            return AccessPolicy.of(rules.getOrDefault("allow", Map.of()), rules.getOrDefault("deny", Map.of()), true);
        }

        private static List<String> globs(JsonNode node, Supplier<String> problem) {
            if (!node.isArray()) {
                throw new ConfigException(problem.get());
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new ConfigException(problem.get());
                }
                out.add(n.textValue());
            }
            return List.copyOf(out);
        }

        private static List<String> stringList(String env, String domain, String field, JsonNode node) {
            List<String> out = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode n : node) {
                    if (!n.isTextual() || !HEADER_NAME.matcher(n.textValue()).matches()) {
                        out = null;
                        break;
                    }
                    out.add(n.textValue().toLowerCase(Locale.ROOT));
                }
            }
            if (out == null || !node.isArray()) {
                throw new ConfigException("Invalid " + env + ": '" + field + "' of '" + domain + "' must be a list of header names");
            }
            return List.copyOf(out);
        }

        private static void checkUrl(String env, String domain, String url) {
            if (httpUrl(url) == null) {
                throw new ConfigException("Invalid " + env + ": url of '" + domain + "' must be an http(s) URL with a host");
            }
        }

        private static String kind(JsonNode n) {
            if (n.isArray()) {
                return "list";
            }
            if (n.isTextual()) {
                return "str";
            }
            if (n.isNumber()) {
                return "number";
            }
            return n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }
}

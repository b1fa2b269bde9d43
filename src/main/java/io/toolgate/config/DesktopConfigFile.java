package io.toolgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.error.ConfigException;
import io.toolgate.json.Json;
import io.toolgate.registry.DomainState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MCP configuration file of a desktop client named by {@code GATEWAY_UPSTREAMS_FILE}: its {@code mcpServers}
 * object (Claude Desktop, Cursor) or else its {@code servers} object (VS Code). Each server becomes an entry in the
 * shape of a {@code GATEWAY_UPSTREAMS} value, or the reason the gateway cannot serve it.
 *
 * @param path    the file read
 * @param entries the servers, in file order
 */
record DesktopConfigFile(Path path, List<DesktopConfigFile.Entry> entries) {

    static final String KEY = "gateway.upstreams-file";
    private static final Logger LOG = LoggerFactory.getLogger(DesktopConfigFile.class);
    /** JSON with comments and trailing commas, as VS Code writes {@code mcp.json}. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(JsonReadFeature.ALLOW_JAVA_COMMENTS).with(JsonReadFeature.ALLOW_TRAILING_COMMA);
    /** Keys passed on to the upstream entry as they are. */
    private static final Set<String> KEPT = Set.of("command", "args", "env", "cwd", "url", "headers", "forward_headers",
            "allowed_tools", "denied_tools");
    /** Keys of a client's own approval and display settings; they mean nothing to a gateway. */
    private static final Set<String> IGNORED = Set.of("alwaysAllow", "autoApprove", "description", "timeout");
    /** Values of {@code type} (VS Code) and {@code transport} → the gateway's {@code transport}. */
    private static final Map<String, String> TRANSPORTS = Map.of("stdio", "stdio", "sse", "sse",
            "http", "streamable-http", "streamable-http", "streamable-http", "streamableHttp", "streamable-http");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    /**
     * One server of the file.
     *
     * @param name     its name in the file
     * @param domain   the domain it is served as: the name with each run of whitespace replaced by {@code _}
     * @param upstream the {@code GATEWAY_UPSTREAMS} entry, or null when it is skipped
     * @param skipped  why the gateway cannot serve it, or null
     */
    record Entry(String name, String domain, ObjectNode upstream, String skipped) {
    }

    /** Reads the file; {@code ~/} at the start of {@code configured} is the user's home. */
    static DesktopConfigFile read(String configured) {
        String env = ConfigReader.envName(KEY);
        Path path = Path.of(StdioCommandParser.home(configured));
        JsonNode root;
        try {
            root = READER.readTree(Files.readString(path));
        } catch (JsonProcessingException e) {
            throw new ConfigException("Invalid " + env + ": " + path + " is not valid JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new ConfigException("Invalid " + env + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode servers = root.has("mcpServers") ? root.get("mcpServers") : root.path("servers");
        if (!servers.isObject()) {
            throw new ConfigException("Invalid " + env + ": " + path + " has neither an 'mcpServers' nor a 'servers' object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.add(entry(path, e.getKey(), e.getValue()));
        }
        return new DesktopConfigFile(path, List.copyOf(entries));
    }

    private static Entry entry(Path path, String name, JsonNode server) {
        String domain = name.strip().replaceAll("\\s+", "_");
        if (!DomainState.isValidName(domain)) {
            return new Entry(name, domain, null, "the name is not a valid domain name (" + DomainState.NAME_RULE + ")");
        }
        if (!server.isObject()) {
            return new Entry(name, domain, null, "the entry must be an object");
        }
        JsonNode disabled = server.path("disabled");
        if (!disabled.isMissingNode() && !disabled.isBoolean()) {
            return new Entry(name, domain, null, "'disabled' must be true or false");
        }
        if (disabled.booleanValue()) {
            return new Entry(name, domain, null, "it is disabled");
        }
        ObjectNode upstream = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = server.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String problem = null;
            if (key.equals("type") || key.equals("transport")) {
                problem = transport(upstream, key, field.getValue());
            } else if (KEPT.contains(key)) {
                problem = kept(upstream, key, field.getValue());
            } else if (key.equals("disabled") || IGNORED.contains(key)) {
                LOG.debug("Upstream file {}: '{}' of '{}' means nothing to a gateway; ignored", path, key, name);
            } else {
                problem = "unsupported key '" + key + "' (supported: allowed_tools, args, command, cwd, denied_tools,"
                        + " env, forward_headers, headers, transport, type, url; ignored: alwaysAllow, autoApprove,"
                        + " description, disabled, timeout)";
            }
            if (problem != null) {
                return new Entry(name, domain, null, problem);
            }
        }
        if (!domain.equals(name)) {
            LOG.info("Upstream file {}: server '{}' is served as domain '{}'", path, name, domain);
        }
        return new Entry(name, domain, upstream, null);
    }

    /** Sets the entry's {@code transport} from {@code type} or {@code transport}; the problem, or null. */
    private static String transport(ObjectNode upstream, String key, JsonNode value) {
        String transport = value.isTextual() ? TRANSPORTS.get(value.textValue()) : null;
        if (transport == null) {
            return "unknown " + key + " " + value + " (supported: http, sse, stdio, streamable-http, streamableHttp)";
        }
        if (upstream.has("transport") && !upstream.get("transport").textValue().equals(transport)) {
            return "'type' and 'transport' disagree";
        }
        upstream.put("transport", transport);
        return null;
    }

    /** Copies a value the gateway uses unless it holds a placeholder; the problem, or null. */
    private static String kept(ObjectNode upstream, String key, JsonNode value) {
        String placeholder = placeholder(value);
        if (placeholder != null) {
            return "'" + key + "' holds the placeholder " + placeholder + ", which toolgate does not expand";
        }
        upstream.set(key, value);
        return null;
    }

    /** The first {@code ${…}} placeholder in a string of the value, or null. */
    private static String placeholder(JsonNode value) {
        if (value.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(value.textValue());
            return m.find() ? m.group() : null;
        }
        for (JsonNode child : value) {
            String found = placeholder(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}

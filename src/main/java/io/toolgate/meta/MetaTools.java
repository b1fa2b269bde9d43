package io.toolgate.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.toolgate.json.Json;
import io.toolgate.error.InvalidArgumentsException;
import io.toolgate.registry.ArgumentValidator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The meta-tools the gateway lists, with their argument schemas and annotations. */
public final class MetaTools {

    public static final String DISCOVER_TOOLS = "discover_tools";
    public static final String GET_TOOL_SCHEMA = "get_tool_schema";
    public static final String EXECUTE_TOOL = "execute_tool";
    public static final String REFRESH_REGISTRY = "refresh_registry";
    public static final String EXECUTE_CODE = "execute_code";
    private static final Set<String> NAMES = Set.of(DISCOVER_TOOLS, GET_TOOL_SCHEMA, EXECUTE_TOOL, REFRESH_REGISTRY);
    private static final Set<String> NAMES_WITH_CODE = Set.of(DISCOVER_TOOLS, GET_TOOL_SCHEMA, EXECUTE_TOOL,
            REFRESH_REGISTRY, EXECUTE_CODE);
    /** The longest {@code code} of {@code execute_code}, in characters. */
    public static final int MAX_CODE_LENGTH = 100_000;
    /** The longest {@code query} of {@code discover_tools}, in characters: search work and memory grow with it. */
    public static final int MAX_QUERY_LENGTH = 1_000;
    /**
     * The longest {@code domain}, {@code group} or {@code tool_name}, in characters; the longest exposed tool name is
     * 193 (a 64-character domain, {@code _}, a 128-character upstream name).
     */
    public static final int MAX_NAME_LENGTH = 256;

    private static final Map<String, ObjectNode> SCHEMAS = new LinkedHashMap<>();
    private static final Map<String, ArgumentValidator> CHECKS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(DISCOVER_TOOLS, schema("""
                {"type":"object","additionalProperties":false,"properties":{
                  "domain":{"type":["string","null"],"maxLength":%1$d,"description":"List the tools of this domain."},
                  "group":{"type":["string","null"],"maxLength":%1$d,"description":"With domain: list only this group."},
                  "query":{"type":["string","null"],"maxLength":%2$d,"description":"Search all tools by words in names, descriptions and parameter names; wins over domain and group."},
                  "format":{"type":"string","enum":["schema","signatures"],"default":"schema","description":"'signatures' renders TypeScript-style declarations instead of JSON."},
                  "limit":{"type":"integer","minimum":1,"maximum":1000,"default":20,"description":"Maximum number of search results."}}}"""
                .formatted(MAX_NAME_LENGTH, MAX_QUERY_LENGTH)));
        SCHEMAS.put(GET_TOOL_SCHEMA, schema("""
                {"type":"object","additionalProperties":false,"required":["tool_name"],"properties":{
                  "tool_name":{"type":"string","maxLength":%d,"description":"Exact tool name as shown by discover_tools."}}}"""
                .formatted(MAX_NAME_LENGTH)));
        SCHEMAS.put(EXECUTE_TOOL, schema("""
                {"type":"object","additionalProperties":false,"required":["tool_name"],"properties":{
                  "tool_name":{"type":"string","maxLength":%d,"description":"Exact tool name as shown by discover_tools."},
                  "arguments":{"type":["object","null"],"description":"Arguments matching the tool's parameters (see get_tool_schema)."}}}"""
                .formatted(MAX_NAME_LENGTH)));
        SCHEMAS.put(REFRESH_REGISTRY, schema("""
                {"type":"object","additionalProperties":false,"properties":{}}"""));
        SCHEMAS.put(EXECUTE_CODE, schema("""
                {"type":"object","additionalProperties":false,"required":["code"],"properties":{
                  "code":{"type":"string","minLength":1,"maxLength":%d,"description":"JavaScript run as the body of an async function: every tool discover_tools(format=\\"signatures\\") declares is an async function of one arguments object; await them (Promise.all for several at once); the value of the last expression, or of return, is the result; console.log output comes back beside it."}}}"""
                .formatted(MAX_CODE_LENGTH)));
        SCHEMAS.forEach((name, schema) -> CHECKS.put(name, ArgumentValidator.compile(name, schema)));
    }

    private MetaTools() {
    }

    private static ObjectNode schema(String json) {
        return (ObjectNode) Json.parse(json);
    }

    /** The meta-tools' names; {@code execute_code} only with code mode on. */
    public static Set<String> names(boolean codeMode) {
        return codeMode ? NAMES_WITH_CODE : NAMES;
    }

    /** The meta-tools as {@code tools/list} shows them; {@code execute_code} only with code mode on. */
    public static List<McpSchema.Tool> definitions(boolean codeMode) {
        List<McpSchema.Tool> tools = new ArrayList<>(definitions());
        if (codeMode) {
            tools.add(tool(EXECUTE_CODE, "Run JavaScript that calls several tools in one step, so intermediate results "
                    + "stay out of the conversation. Each tool discover_tools(format=\"signatures\") declares is an async "
                    + "function taking one arguments object; a failed call throws an Error with .code, .message and "
                    + ".details. Returns the value of the last expression (or of return) and the console.log lines.",
                    false, true, true));
        }
        return tools;
    }

    private static List<McpSchema.Tool> definitions() {
        return List.of(
                tool(DISCOVER_TOOLS, "Browse the tools behind this gateway. With no arguments: the domains, their "
                        + "groups and tool counts. With domain (and optionally group): that domain's tools. With query: "
                        + "tools ranked by relevance to the words given. format=\"signatures\" shows compact TypeScript-style "
                        + "declarations. Then call get_tool_schema for a tool's parameters and execute_tool to run it.",
                        true, false, true),
                tool(GET_TOOL_SCHEMA, "Get the full parameter schema of one tool by its exact name, before calling "
                        + "execute_tool. Unknown names answer with suggestions.", true, false, false),
                tool(EXECUTE_TOOL, "Run a tool found with discover_tools, with arguments matching its schema. Returns "
                        + "the tool's own result. Arguments are checked against the schema first.", false, false, true),
                tool(REFRESH_REGISTRY, "Re-list the tools of every upstream server and report, per domain, the tools "
                        + "added, removed and changed.", false, false, false));
    }

    private static McpSchema.Tool tool(String name, String description, boolean readOnly, boolean destructive,
                                       boolean openWorld) {
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = Json.MAPPER.convertValue(SCHEMAS.get(name), Map.class);
        return McpSchema.Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(schema)
                .annotations(new McpSchema.ToolAnnotations(null, readOnly, destructive, null, openWorld, null))
                .build();
    }

    /**
     * Checks a meta-tool's arguments against its schema, {@code maxLength} included (in characters, as JSON Schema
     * counts them); answers {@code invalid_arguments} with the violations.
     */
    public static void check(String tool, JsonNode arguments) {
        List<String> violations = new ArrayList<>(CHECKS.get(tool).validate(arguments));
        SCHEMAS.get(tool).path("properties").fields().forEachRemaining(p -> {
            int max = p.getValue().path("maxLength").asInt(Integer.MAX_VALUE);
            JsonNode v = arguments.get(p.getKey());
            if (v != null && v.isTextual() && v.textValue().length() > max) {
                int length = v.textValue().codePointCount(0, v.textValue().length());
                if (length > max) {
                    violations.add("'" + p.getKey() + "' must be at most " + max + " characters, got " + length);
                }
            }
        });
        if (!violations.isEmpty()) {
            ObjectNode details = Json.object();
            details.put("tool", tool);
            details.set("violations", Json.array(violations));
            throw new InvalidArgumentsException("Invalid arguments for '" + tool + "': " + String.join("; ", violations) + ".", details);
        }
    }

    /** A string argument, or null when absent or null. */
    static String string(JsonNode arguments, String name) {
        JsonNode v = arguments.get(name);
        return v == null || v.isNull() ? null : v.textValue();
    }
}

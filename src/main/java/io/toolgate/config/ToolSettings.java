package io.toolgate.config;

import io.toolgate.mcp.Exposure;
import io.toolgate.registry.SchemaPinning;
import io.toolgate.registry.ToolNaming;
import io.toolgate.search.SearchMode;

/**
 * How upstream tools are named, checked, shown to clients and found.
 *
 * @param exposure       meta-tools, the tools themselves, or either by count ({@code GATEWAY_EXPOSURE})
 * @param directMaxTools the most tools {@code auto} exposure lists directly ({@code GATEWAY_DIRECT_MAX_TOOLS})
 * @param naming         prefixed or bare tool names ({@code GATEWAY_TOOL_NAMING})
 * @param maxSchemaDepth the deepest input schema accepted ({@code GATEWAY_MAX_SCHEMA_DEPTH})
 * @param schemaPinning  what a refresh does with a changed schema ({@code GATEWAY_SCHEMA_PINNING})
 * @param resultEnvelope whether {@code execute_tool} returns the text envelope {@code {"tool","result"}} instead of
 *                       the upstream's own result ({@code GATEWAY_RESULT_ENVELOPE})
 * @param search         lexical or hybrid {@code discover_tools} search ({@code GATEWAY_SEARCH})
 */
public record ToolSettings(Exposure exposure, int directMaxTools, ToolNaming naming, int maxSchemaDepth,
                           SchemaPinning schemaPinning, boolean resultEnvelope, SearchMode search) {
}

package io.toolgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.exchange.ExchangeProperties;
import io.toolgate.exchange.McpHeaders;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.observability.McpRequestRecord;
import io.toolgate.registry.ToolEntry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Instant;

/** Reads what an answered {@code mcp-dispatch} exchange tells about its request, for {@link McpRequestRecord}. */
final class RequestRecords {

    private RequestRecords() {
    }

    /** @param user the caller the entry authenticated; a hook may have named another one on the exchange */
    static McpRequestRecord of(Exchange answered, Instant at, long durationNanos, GatewayUser user, String sessionId) {
        Message m = answered.getMessage();
        String tool = m.getHeader(McpHeaders.DIRECT_TOOL, String.class);
        if (tool == null) {
            tool = m.getHeader(McpHeaders.TOOL_NAME, String.class);
        }
        ToolEntry entry = answered.getProperty(ExchangeProperties.TOOL_ENTRY, ToolEntry.class);
        GatewayUser caller = answered.getProperty(ExchangeProperties.USER, GatewayUser.class);
        if (caller == null) {
            caller = user;
        }
        String outcome = McpRequestRecord.OK;
        String code = null;
        if (m.getBody() instanceof JsonNode response) {
            JsonNode error = response.get("error");
            if (error != null) {
                outcome = McpRequestRecord.ERROR;
                code = error.path("code").asText(null);
            } else if (response.path("result").path("isError").asBoolean(false)) {
                outcome = McpRequestRecord.TOOL_ERROR;
                code = answered.getProperty(ExchangeProperties.ERROR_CODE, String.class);
            }
        }
        return new McpRequestRecord(at, m.getHeader(McpHeaders.METHOD, String.class), tool,
                entry == null ? null : entry.domain(), outcome, code, durationNanos,
                caller == null ? null : caller.subject(), sessionId);
    }
}

package com.example.hooks;

import io.toolgate.hooks.ExecutionContext;
import io.toolgate.hooks.ExecutionDenied;
import io.toolgate.hooks.GatewayHook;
import io.toolgate.hooks.GatewayUser;
import io.toolgate.hooks.ListToolsContext;
import io.toolgate.registry.ToolEntry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Example Java hook for a gateway behind an authenticating reverse proxy (oauth2-proxy and the like) that sets
 * X-Forwarded-User and X-Forwarded-Groups. Only trust these headers when the proxy is the only way in.
 * <ul>
 *   <li>the caller is the forwarded user, its groups are its scopes;</li>
 *   <li>anonymous callers may discover but not execute;</li>
 *   <li>callers outside the "writers" group do not see tools that change data (marked destructiveHint, or named
 *       *_create, *_update, *_delete upstream);</li>
 *   <li>the upstream learns who is calling through X-Forwarded-User.</li>
 * </ul>
 */
public class ProxyUserHook implements GatewayHook {

    private static final String WRITERS = "writers";

    @Override
    public GatewayUser onAuthenticate(Map<String, String> headers) {
        String user = headers.get("x-forwarded-user");
        if (user == null || user.isBlank()) {
            return null;
        }
        Set<String> groups = Arrays.stream(headers.getOrDefault("x-forwarded-groups", "").split(","))
                .map(String::trim).filter(g -> !g.isEmpty()).collect(Collectors.toSet());
        return new GatewayUser(user.trim(), groups, Map.of());
    }

    @Override
    public List<ToolEntry> afterListTools(List<ToolEntry> tools, ListToolsContext context) {
        if (context.user() != null && context.user().hasScope(WRITERS)) {
            return tools;
        }
        return tools.stream().filter(t -> !changesData(t)).toList();
    }

    @Override
    public void beforeExecute(ExecutionContext context) {
        if (context.user() == null) {
            throw new ExecutionDenied("Sign in to run tools", "unauthenticated");
        }
        context.extraHeaders().put("X-Forwarded-User", context.user().subject());
    }

    private static boolean changesData(ToolEntry tool) {
        String name = tool.originalName();
        return tool.tool().descriptor().path("annotations").path("destructiveHint").asBoolean(false)
                || name.endsWith("_create") || name.endsWith("_update") || name.endsWith("_delete");
    }
}

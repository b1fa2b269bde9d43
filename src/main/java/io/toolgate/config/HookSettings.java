package io.toolgate.config;

import io.toolgate.hooks.OutputGuardHook;

import java.nio.file.Path;
import java.util.List;

/**
 * The hooks to install; the classes are checked by name here and instantiated when the gateway is wired.
 *
 * @param classNames      Java hook classes, in order ({@code GATEWAY_HOOK_CLASSES})
 * @param allowedPrefixes package prefixes hook classes may come from ({@code GATEWAY_ALLOWED_HOOK_PREFIXES})
 * @param outputGuard     the output guard's mode, or null when it is off ({@code GATEWAY_OUTPUT_GUARD})
 * @param routeFiles      the user's Camel route files ({@code GATEWAY_ROUTES})
 */
public record HookSettings(List<String> classNames, List<String> allowedPrefixes, OutputGuardHook.Mode outputGuard,
                           List<Path> routeFiles) {
}

package io.toolgate.config;

import io.toolgate.hooks.HookLoader;
import io.toolgate.hooks.OutputGuardHook;

import java.util.List;

/** Reads {@link HookSettings}: hook class names are checked, not loaded; route globs must match files. */
final class HookParser {

    private HookParser() {
    }

    static HookSettings parse(ConfigReader r) {
        List<String> classNames = r.list("gateway.hook-classes");
        List<String> allowedPrefixes = r.list("gateway.allowed-hook-prefixes");
        HookLoader.check(classNames, allowedPrefixes);
        return new HookSettings(classNames, allowedPrefixes,
                r.choice("gateway.output-guard", Defaults.OUTPUT_GUARD,
                        v -> v.equalsIgnoreCase("off") ? null : OutputGuardHook.Mode.parse(v)),
                RouteFiles.resolve(r.list("gateway.routes")));
    }
}
